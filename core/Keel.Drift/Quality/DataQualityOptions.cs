namespace Keel.Drift.Quality;

/// <summary>How much the current data may differ from the reference before a finding is raised.</summary>
public sealed record DataQualityOptions
{
    /// <summary>A finding when the missing rate rises by more than this (absolute: 0.05 = five percentage points).</summary>
    public double MissingRateMargin { get; init; } = 0.05;

    /// <summary>A finding when more than this share of a numeric column's values fall outside the reference's [min, max]; 0 flags any.</summary>
    public double OutOfRangeShare { get; init; }

    /// <summary>A finding when more than this share of a categorical column's values are categories the reference never had; 0 flags any.</summary>
    public double UnseenCategoryShare { get; init; }

    /// <summary>How many unseen categories a finding lists (the most frequent first).</summary>
    public int MaxListedValues { get; init; } = 20;

    public void Validate()
    {
        foreach (var (name, value) in new[] { ("missing rate margin", MissingRateMargin), ("out-of-range share", OutOfRangeShare), ("unseen category share", UnseenCategoryShare) })
        {
            if (!(value >= 0 && value < 1))
            {
                throw new ArgumentException($"{name} {value} is not in [0, 1)");
            }
        }
        if (MaxListedValues < 0)
        {
            throw new ArgumentException($"max listed values {MaxListedValues} is negative");
        }
    }
}
