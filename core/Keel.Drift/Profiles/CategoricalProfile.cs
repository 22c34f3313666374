using System.Text.Json.Serialization;

namespace Keel.Drift.Profiles;

/// <summary>
/// Frequencies of a categorical column in bounded memory (Misra–Gries, in the mergeable form of
/// Agarwal et al., 2012). While the column has at most <see cref="Capacity"/> distinct values every
/// count is exact and <see cref="Other"/> is 0. Beyond that, when the table outgrows 2 × Capacity
/// entries, the (Capacity+1)-th largest count is subtracted from every entry and entries at or
/// below zero are dropped; the subtracted mass goes to <see cref="Other"/>. Each reduction takes at
/// least (Capacity+1) times what it takes from any one category, so a kept count is never too high
/// and at most Other / (Capacity+1) too low (<see cref="MaxCountError"/>), and every category more
/// frequent than that is kept.
/// </summary>
public sealed class CategoricalProfile : FeatureProfile
{
    public const int DefaultCapacity = 1000;

    private readonly Dictionary<string, long> _counts;

    public CategoricalProfile(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _counts = new Dictionary<string, long>(StringComparer.Ordinal);
    }

    [JsonConstructor]
    public CategoricalProfile(long count, long missing, int capacity, long other, IReadOnlyDictionary<string, long> counts)
        : this(capacity)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (count < 0 || missing < 0 || other < 0 || counts.Values.Any(c => c <= 0) || counts.Values.Sum() + other != count)
        {
            throw new ArgumentException($"inconsistent categorical profile: count {count}, other {other}, kept {counts.Values.Sum()}");
        }
        Count = count;
        Missing = missing;
        Other = other;
        foreach (var (category, n) in counts)
        {
            _counts[category] = n;
        }
    }

    [JsonIgnore]
    public override FeatureKind Kind => FeatureKind.Categorical;

    public int Capacity { get; }

    /// <summary>Occurrences not attributed to a kept category (0 while the profile is exact).</summary>
    public long Other { get; private set; }

    /// <summary>The kept categories and their counts.</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts;

    [JsonIgnore]
    public bool IsExact => Other == 0;

    /// <summary>The most any kept count can be below the truth (an absent category had at most this many).</summary>
    [JsonIgnore]
    public double MaxCountError => (double)Other / (Capacity + 1);

    public long CountOf(string category) => _counts.GetValueOrDefault(category);

    public void Add(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Count++;
        _counts[value] = _counts.GetValueOrDefault(value) + 1;
        // Twice the capacity before reducing, so a reduction (a sort) happens once per Capacity new categories at most.
        if (_counts.Count > 2 * Capacity)
        {
            Reduce();
        }
    }

    public override void Merge(FeatureProfile other)
    {
        var categorical = SameKind<CategoricalProfile>(other);
        var source = ReferenceEquals(categorical, this) ? new Dictionary<string, long>(_counts) : categorical._counts;
        MergeCounts(categorical);
        Other += categorical.Other;
        foreach (var (category, n) in source)
        {
            _counts[category] = _counts.GetValueOrDefault(category) + n;
        }
        if (_counts.Count > Capacity)
        {
            Reduce();
        }
    }

    private void Reduce()
    {
        var sorted = _counts.Values.OrderByDescending(c => c).ToArray();
        var cut = sorted[Capacity];
        foreach (var category in _counts.Keys.ToArray())
        {
            var left = _counts[category] - cut;
            Other += Math.Min(_counts[category], cut);
            if (left > 0)
            {
                _counts[category] = left;
            }
            else
            {
                _counts.Remove(category);
            }
        }
    }
}
