namespace Keel.CostAnomaly.History;

/// <summary>An hour that still accepts late events: its total and contributors, exact.</summary>
public sealed class OpenHour(long hour)
{
    public long Hour { get; } = hour;

    public decimal Total { get; private set; }

    public Dictionary<string, decimal> Contributors { get; } = new(StringComparer.Ordinal);

    /// <summary>Changed since it was last judged.</summary>
    public bool Dirty { get; set; }

    /// <summary>Judged at least once: later judgements of the hour do not move the contributor shares again.</summary>
    public bool Judged { get; set; }

    public void AddTotal(decimal amount)
    {
        Total += amount;
        Dirty = true;
    }

    public void AddPart(string contributor, decimal part) =>
        Contributors[contributor] = Contributors.GetValueOrDefault(contributor) + part;
}
