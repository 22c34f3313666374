namespace Keel.Metering;

/// <summary>Where metered usage is kept and priced (<c>Keel:Costs</c>).</summary>
public sealed class LedgerOptions
{
    public const string Section = "Keel:Costs";

    /// <summary>The SQLite ledger; default <c>costs/ledger.db</c> under <c>Keel:DataDir</c>.</summary>
    public string? LedgerPath { get; set; }

    /// <summary>
    /// A price book file (YAML or JSON, see Keel.Costs). When unset, the book is read from
    /// <c>Keel:Costs:PriceBook</c>; with neither there is no price book, and reports say so instead of pricing.
    /// </summary>
    public string? PriceBookFile { get; set; }

    /// <summary>
    /// The tenant whose audit trail records price book changes. The book is the platform's, not a
    /// tenant's; name the tenant of the team that runs Keel so its auditors read the changes in full.
    /// </summary>
    public string AuditTenant { get; set; } = Keel.Events.TenantName.Default;
}
