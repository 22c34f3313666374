namespace Keel.CostAnomaly.Idle;

/// <summary>Idle endpoint detection (<c>Keel:FinOps:Idle</c>).</summary>
public sealed class IdleOptions
{
    public const string Section = "Keel:FinOps:Idle";

    /// <summary>A deployment without traffic for at least this long is reported idle.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromHours(24);
}
