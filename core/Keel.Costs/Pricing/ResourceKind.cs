namespace Keel.Costs.Pricing;

/// <summary>What a unit price is charged for. Each kind has exactly one unit (see <see cref="ResourceKinds"/>).</summary>
public enum ResourceKind
{
    Cpu,
    Gpu,
    Memory,
    Storage,
    Egress,
    LlmTokens,
}
