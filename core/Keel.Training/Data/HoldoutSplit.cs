using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Keel.Features.Offline;

namespace Keel.Training;

/// <summary>
/// Decides train or holdout for each row from a hash of (seed, entity key) alone. Every row of an
/// entity falls on the same side, so the holdout measures the model on entities it never saw (an
/// applicant's earlier rows cannot leak their outcome into training); the same data and seed give
/// the same split whatever order the rows come in and whenever they were ingested, and an entity
/// keeps its side when rows are added later.
/// </summary>
public static class HoldoutSplit
{
    /// <summary>The entity's place in [0, 1): uniform over entities, fixed by its key and the seed.</summary>
    public static double Position(int seed, string entityKey)
    {
        ArgumentNullException.ThrowIfNull(entityKey);
        // The seed is a number, so putting the free-text key last keeps the encoding unambiguous.
        var text = string.Create(CultureInfo.InvariantCulture, $"{seed}|{entityKey}");
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53));
    }

    public static bool IsHoldout(int seed, string entityKey, double fraction) =>
        Position(seed, entityKey) < fraction;

    /// <summary>For each row of the frame, whether it is held out.</summary>
    public static bool[] Assign(FeatureFrame frame, int seed, double fraction)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!(fraction > 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The holdout fraction must be strictly between 0 and 1.");
        }
        var holdout = new bool[frame.RowCount];
        for (var row = 0; row < holdout.Length; row++)
        {
            holdout[row] = IsHoldout(seed, frame.EntityKeys[row], fraction);
        }
        return holdout;
    }
}
