namespace Keel.CostAnomaly.Baseline;

/// <summary>What an hour was judged against.</summary>
public enum BandBasis
{
    /// <summary>Too little history: no verdict.</summary>
    None,

    /// <summary>The trailing week, all hours together, with a wide band: only gross jumps alert.</summary>
    Warmup,

    /// <summary>The same hour of week in past weeks, raised to the recent level.</summary>
    Seasonal,
}
