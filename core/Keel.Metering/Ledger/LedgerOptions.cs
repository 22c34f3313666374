namespace Keel.Metering;

/// <summary>
/// Where metered usage is kept (<c>Keel:Costs</c>). The price book is read from the same section by
/// <c>PriceBookConfiguration.LoadConfigured</c> (<c>PriceBookFile</c>, else <c>PriceBook</c>).
/// </summary>
public sealed class LedgerOptions
{
    public const string Section = "Keel:Costs";

    /// <summary>The SQLite ledger; default <c>costs/ledger.db</c> under <c>Keel:DataDir</c>.</summary>
    public string? LedgerPath { get; set; }

    /// <summary>
    /// The tenant whose audit trail records price book changes. The book is the platform's, not a
    /// tenant's; name the tenant of the team that runs Keel so its auditors read the changes in full.
    /// </summary>
    public string AuditTenant { get; set; } = Keel.Events.TenantName.Default;
}
