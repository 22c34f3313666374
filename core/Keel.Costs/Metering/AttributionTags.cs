using Keel.Events;

namespace Keel.Costs.Metering;

/// <summary>
/// Who and what a cost is charged to. A tag nobody supplied is the literal <see cref="Untagged"/>,
/// so untagged usage stays visible in every rollup instead of vanishing from it.
/// </summary>
public sealed record AttributionTags
{
    public const string Untagged = "untagged";

    public AttributionTags(string? tenant = null, string? team = null, string? costCentre = null, string? model = null,
        string? version = null, string? variant = null, string? runId = null)
    {
        Tenant = Tag(tenant);
        if (!TenantName.IsValid(Tenant))
        {
            throw new ArgumentException($"Tenant '{tenant}' is not a tenant name ({TenantName.Rule}).", nameof(tenant));
        }
        Team = Tag(team);
        CostCentre = Tag(costCentre);
        Model = Tag(model);
        Version = Tag(version);
        Variant = Tag(variant);
        RunId = Tag(runId);
    }

    public static AttributionTags None { get; } = new();

    public string Tenant { get; }

    public string Team { get; }

    public string CostCentre { get; }

    public string Model { get; }

    public string Version { get; }

    public string Variant { get; }

    public string RunId { get; }

    /// <summary>These tags with the gaps filled from <paramref name="fallback"/> (a request's tags over its deployment's, say).</summary>
    public AttributionTags Over(AttributionTags fallback) => new(
        Pick(Tenant, fallback.Tenant), Pick(Team, fallback.Team), Pick(CostCentre, fallback.CostCentre), Pick(Model, fallback.Model),
        Pick(Version, fallback.Version), Pick(Variant, fallback.Variant), Pick(RunId, fallback.RunId));

    private static string Pick(string own, string fallback) => own == Untagged ? fallback : own;

    private static string Tag(string? value) => string.IsNullOrWhiteSpace(value) ? Untagged : value.Trim();
}
