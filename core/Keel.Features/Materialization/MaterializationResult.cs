namespace Keel.Features.Materialization;

/// <summary>What a materialization wrote, per tenant and view.</summary>
public sealed record MaterializationResult(IReadOnlyList<ViewMaterialization> Views)
{
    public static MaterializationResult Empty { get; } = new([]);

    /// <summary>Rows written to the online store (replays included: they are no-ops there).</summary>
    public int Rows => Views.Sum(v => v.Rows);

    /// <summary>Rows the offline store had not seen before.</summary>
    public int NewOfflineRows => Views.Sum(v => v.NewOfflineRows);
}

public sealed record ViewMaterialization(
    string Tenant,
    string View,
    string Version,
    int Rows,
    int NewOfflineRows,
    DateTimeOffset From,
    DateTimeOffset To);
