using System.Text.Json.Serialization;

namespace Keel.Drift.Profiles;

/// <summary>
/// The bounded summary of one column. Profiles of the same kind merge, so a profile of a day is the
/// merge of its hours; the JSON carries the kind as its <c>kind</c> property.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(NumericProfile), "numeric")]
[JsonDerivedType(typeof(CategoricalProfile), "categorical")]
[JsonDerivedType(typeof(BinaryProfile), "binary")]
public abstract class FeatureProfile
{
    [JsonIgnore]
    public abstract FeatureKind Kind { get; }

    /// <summary>Values present (not missing).</summary>
    public long Count { get; protected set; }

    /// <summary>Values that were null (and, for numerics, NaN or infinite).</summary>
    public long Missing { get; protected set; }

    [JsonIgnore]
    public long Total => Count + Missing;

    [JsonIgnore]
    public double MissingRate => Total == 0 ? 0 : (double)Missing / Total;

    public void AddMissing() => Missing++;

    /// <summary>Adds the other profile's data to this one; throws when the kinds (or sketch sizes) differ.</summary>
    public abstract void Merge(FeatureProfile other);

    public static FeatureProfile Create(FeatureKind kind, ProfileOptions options, string column)
    {
        ArgumentNullException.ThrowIfNull(options);
        return kind switch
        {
            FeatureKind.Numeric => new NumericProfile(options.SketchK, options.SeedFor(column)),
            FeatureKind.Categorical => new CategoricalProfile(options.CategoryCapacity),
            FeatureKind.Binary => new BinaryProfile(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown feature kind"),
        };
    }

    protected T SameKind<T>(FeatureProfile other)
        where T : FeatureProfile
    {
        ArgumentNullException.ThrowIfNull(other);
        return other as T ?? throw new ArgumentException($"cannot merge a {other.Kind} profile into a {Kind} profile", nameof(other));
    }

    protected void MergeCounts(FeatureProfile other)
    {
        Count += other.Count;
        Missing += other.Missing;
    }
}
