namespace Keel.Metering;

/// <summary>What storage metering measures and how it is priced (<c>Keel:Costs:Storage</c>).</summary>
public sealed class StorageMeterOptions
{
    public const string Section = "Keel:Costs:Storage";

    /// <summary>
    /// The tenants whose registry versions and runs own artifacts. Artifacts no listed tenant refers
    /// to are reported under the tenant <c>untagged</c>, so list every tenant.
    /// </summary>
    public List<string> Tenants { get; set; } = [Keel.Events.TenantName.Default];

    /// <summary>The storage tier (the price book's storage variant) bytes are charged at, unless <see cref="StoreTiers"/> says otherwise.</summary>
    public string Tier { get; set; } = "hot";

    /// <summary>Tier per store (<c>artifacts</c>, <c>offline-store</c>, <c>online-store</c>).</summary>
    public Dictionary<string, string> StoreTiers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The offline store's root; default <c>offline</c> under <c>Keel:DataDir</c>.</summary>
    public string? OfflineDirectory { get; set; }

    /// <summary>The embedded online store's SQLite file; default <c>online/online.db</c> under <c>Keel:DataDir</c>. Empty to skip it (Redis).</summary>
    public string? OnlineStoreFile { get; set; }

    public string TierOf(string store) => StoreTiers.TryGetValue(store, out var tier) && !string.IsNullOrWhiteSpace(tier) ? tier : Tier;
}
