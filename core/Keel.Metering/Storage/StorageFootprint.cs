namespace Keel.Metering;

/// <summary>Bytes one owner holds in one store now. Owner fields nobody knows are <c>untagged</c>.</summary>
public sealed record StorageFootprint(string Store, string Tenant, string Model, string Version, string Team, string CostCentre, long Bytes)
{
    public const string Artifacts = "artifacts";
    public const string OfflineStore = "offline-store";
    public const string OnlineStore = "online-store";
}

/// <summary>Splits a whole number of bytes by weights: every part rounded down, the last weighted part takes the rest.</summary>
internal static class ByteShares
{
    public static long[] Split(long total, IReadOnlyList<long> weights)
    {
        var parts = new long[weights.Count];
        var sum = (Int128)0;
        var last = -1;
        for (var i = 0; i < weights.Count; i++)
        {
            sum += Math.Max(0, weights[i]);
            if (weights[i] > 0)
            {
                last = i;
            }
        }
        if (last < 0)
        {
            return parts;
        }
        var given = 0L;
        for (var i = 0; i < weights.Count; i++)
        {
            if (weights[i] > 0)
            {
                parts[i] = (long)(total * (Int128)weights[i] / sum);
                given += parts[i];
            }
        }
        parts[last] += total - given;
        return parts;
    }
}
