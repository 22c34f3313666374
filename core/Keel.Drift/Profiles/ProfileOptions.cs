using System.Text;

namespace Keel.Drift.Profiles;

/// <summary>The size limits of profiles and the seed of their sketches.</summary>
public sealed record ProfileOptions
{
    /// <summary>KLL's k for numeric columns (and the score).</summary>
    public int SketchK { get; init; } = KllSketch.DefaultK;

    /// <summary>How many distinct categories a categorical profile keeps; the rest is counted as other.</summary>
    public int CategoryCapacity { get; init; } = CategoricalProfile.DefaultCapacity;

    public ulong Seed { get; init; }

    /// <summary>
    /// Each column's sketch gets its own seed derived from the column name with FNV-1a, because
    /// string.GetHashCode differs between processes and would make profiles irreproducible.
    /// </summary>
    public ulong SeedFor(string column)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(column))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return Seed ^ hash;
    }
}
