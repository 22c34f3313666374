namespace Keel.Drift.Profiles;

/// <summary>The columns to profile and their kinds, and the model's score column (profiled as numeric, apart from the features).</summary>
public sealed record ProfileSchema
{
    public ProfileSchema(IReadOnlyDictionary<string, FeatureKind> columns, string? scoreColumn = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (scoreColumn is not null && columns.ContainsKey(scoreColumn))
        {
            throw new ArgumentException($"'{scoreColumn}' is the score column and cannot also be a feature", nameof(scoreColumn));
        }
        Columns = columns;
        ScoreColumn = scoreColumn;
    }

    public IReadOnlyDictionary<string, FeatureKind> Columns { get; }

    public string? ScoreColumn { get; }
}
