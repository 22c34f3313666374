namespace Keel.Costs.Pricing;

/// <summary>
/// One priced item: a kind and, for kinds priced per GPU type, storage tier or LLM model, the
/// variant. Variants compare case-insensitively because they come from hand-written specs.
/// </summary>
public sealed record PriceKey
{
    public PriceKey(ResourceKind kind, string? variant = null)
    {
        Kind = kind;
        Variant = (variant ?? "").Trim().ToLowerInvariant();
    }

    public ResourceKind Kind { get; }

    public string Variant { get; }

    public override string ToString() => Variant.Length == 0 ? ResourceKinds.Name(Kind) : $"{ResourceKinds.Name(Kind)}:{Variant}";
}
