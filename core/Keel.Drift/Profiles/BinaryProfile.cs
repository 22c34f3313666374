using System.Text.Json.Serialization;

namespace Keel.Drift.Profiles;

/// <summary>A yes/no column: how many values were true, which is all a two-proportion z-test needs.</summary>
public sealed class BinaryProfile : FeatureProfile
{
    public BinaryProfile()
    {
    }

    [JsonConstructor]
    public BinaryProfile(long count, long missing, long positives)
    {
        if (count < 0 || missing < 0 || positives < 0 || positives > count)
        {
            throw new ArgumentException($"inconsistent binary profile: count {count}, missing {missing}, positives {positives}");
        }
        Count = count;
        Missing = missing;
        Positives = positives;
    }

    [JsonIgnore]
    public override FeatureKind Kind => FeatureKind.Binary;

    public long Positives { get; private set; }

    [JsonIgnore]
    public long Negatives => Count - Positives;

    [JsonIgnore]
    public double PositiveRate => Count == 0 ? 0 : (double)Positives / Count;

    public void Add(bool value)
    {
        Count++;
        if (value)
        {
            Positives++;
        }
    }

    public override void Merge(FeatureProfile other)
    {
        var binary = SameKind<BinaryProfile>(other);
        MergeCounts(binary);
        Positives += binary.Positives;
    }
}
