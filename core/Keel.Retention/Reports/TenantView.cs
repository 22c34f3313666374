namespace Keel.Retention.Reports;

/// <summary>
/// A report as one tenant may see it. A plan reads every tenant, because blobs are shared, but a
/// tenant's caller must not learn other tenants' names, models or runs: their owners are left out,
/// a blob they keep is said to be kept by another tenant, and their warnings are summarised.
/// </summary>
public static class TenantView
{
    public const string OtherTenant = "another tenant still needs it";

    public static RetentionReport For(RetentionReport report, string tenant)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        var own = $"tenant '{tenant}'";
        var warnings = report.Warnings.Where(w => w.Contains(own, StringComparison.Ordinal)).ToList();
        if (warnings.Count < report.Warnings.Count)
        {
            warnings.Add($"{report.Warnings.Count - warnings.Count} warning(s) concern other tenants; while any says runs could not all be read, nothing is deleted.");
        }
        return report with
        {
            ActingTenants = report.ActingTenants.Where(t => t == tenant).ToArray(),
            ScannedTenants = [tenant],
            Tenants = report.Tenants.Where(t => t.Tenant == tenant).ToArray(),
            Actions = report.Actions.Where(a => a.Owners.Any(o => o.Tenant == tenant))
                .Select(a => a with { Owners = a.Owners.Where(o => o.Tenant == tenant).ToArray() }).ToArray(),
            Kept = report.Kept.Where(k => k.Owners.Any(o => o.Tenant == tenant))
                .Select(k => k.KeptBy is { } by && by.Tenant == tenant
                    ? k with { Owners = k.Owners.Where(o => o.Tenant == tenant).ToArray() }
                    : k with { Reason = k.KeptBy is null ? k.Reason : OtherTenant, KeptBy = null, Owners = k.Owners.Where(o => o.Tenant == tenant).ToArray() })
                .ToArray(),
            Warnings = warnings,
        };
    }
}
