namespace Keel.Costs.Pricing;

/// <summary>The names, units and variant rules of <see cref="ResourceKind"/>, as written in price books and events.</summary>
public static class ResourceKinds
{
    public static string Name(ResourceKind kind) => kind switch
    {
        ResourceKind.Cpu => "cpu",
        ResourceKind.Gpu => "gpu",
        ResourceKind.Memory => "memory",
        ResourceKind.Storage => "storage",
        ResourceKind.Egress => "egress",
        ResourceKind.LlmTokens => "llm_tokens",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Unit(ResourceKind kind) => kind switch
    {
        ResourceKind.Cpu => "core-second",
        ResourceKind.Gpu => "gpu-second",
        ResourceKind.Memory => "GB-second",
        ResourceKind.Storage => "GB-month",
        ResourceKind.Egress => "GB",
        ResourceKind.LlmTokens => "token",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>What the variant of a kind's price names, or null when the kind has a single price.</summary>
    public static string? VariantMeaning(ResourceKind kind) => kind switch
    {
        ResourceKind.Gpu => "GPU type",
        ResourceKind.Storage => "storage tier",
        ResourceKind.LlmTokens => "LLM model",
        _ => null,
    };

    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<ResourceKind>().Select(Name).ToArray();

    public static bool TryParse(string? name, out ResourceKind kind)
    {
        foreach (var candidate in Enum.GetValues<ResourceKind>())
        {
            if (string.Equals(Name(candidate), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
