namespace Keel.Costs.Metering;

/// <summary>Splits an amount by weights into parts that add up to exactly the amount.</summary>
public static class Apportionment
{
    /// <summary>Decimal places of every part but the last: few enough that adding parts never rounds.</summary>
    public const int Decimals = 12;

    /// <summary>
    /// Each part is the amount times its weight's share, to <see cref="Decimals"/> places; the last
    /// part with a weight takes what is left instead, so the parts add up to the whole exactly.
    /// </summary>
    public static decimal[] ByWeight(decimal amount, IReadOnlyList<long> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Any(w => w < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(weights), "Weights cannot be negative.");
        }
        var total = weights.Sum();
        if (total == 0)
        {
            throw new ArgumentException("At least one weight must be positive, or the amount would be lost.", nameof(weights));
        }
        var parts = new decimal[weights.Count];
        var last = -1;
        var given = 0m;
        for (var i = 0; i < weights.Count; i++)
        {
            if (weights[i] == 0)
            {
                continue;
            }
            parts[i] = Math.Round(amount * weights[i] / total, Decimals, MidpointRounding.ToEven);
            given += parts[i];
            last = i;
        }
        parts[last] += amount - given;
        return parts;
    }
}
