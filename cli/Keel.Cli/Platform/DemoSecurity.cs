using System.Net;
using System.Text.Json.Nodes;
using Keel.Audit;
using Keel.Security.Permissions;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Cli.Platform;

public sealed record DemoSecurityResult(int UnauthenticatedStatus, int CrossTenantStatus, bool SelfApprovalRefused);

public sealed record DemoAuditResult(long Entries, long Sealed, bool Verified, long? AuthenticatedThrough, string? Problem);

/// <summary>
/// What the demo shows of security: a request without a token, a second tenant looking for the demo's
/// model, the refused self-approval, and the audit trail of it all, exported by an auditor and verified
/// offline against the platform's audit key.
/// </summary>
public static class DemoSecurity
{
    public const string OtherTenant = "globex";
    public const string Auditor = "demo-auditor";

    public static async Task<DemoSecurityResult> ProbeAsync(PlatformRunner platform, string model, bool selfApprovalRefused, CancellationToken ct)
    {
        using var anonymous = new HttpClient { BaseAddress = platform.Address };
        using var unauthenticated = await anonymous.GetAsync($"/api/models/{Uri.EscapeDataString(model)}", ct);
        using var other = new HttpClient { BaseAddress = platform.Address };
        other.DefaultRequestHeaders.Authorization = platform.Credentials("globex-analyst", KeelRoles.DataScientist, OtherTenant);
        using var crossTenant = await other.GetAsync($"/api/models/{Uri.EscapeDataString(model)}", ct);
        return new DemoSecurityResult((int)unauthenticated.StatusCode, (int)crossTenant.StatusCode, selfApprovalRefused);
    }

    public static async Task<DemoAuditResult> AuditAsync(PlatformRunner platform, string tenant, string scratch, CancellationToken ct)
    {
        using var auditor = new HttpClient { BaseAddress = platform.Address };
        auditor.DefaultRequestHeaders.Authorization = platform.Credentials(Auditor, KeelRoles.Auditor, tenant);
        using var response = await auditor.GetAsync("/api/audit/export", ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new DemoAuditResult(0, 0, false, null, $"export answered {(int)response.StatusCode}");
        }
        var path = Path.Combine(scratch, $"audit-{tenant}.jsonl");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync(ct), ct);
        var export = await AuditExportFile.OpenAsync(path, ct);
        // Pinned to the key the platform holds, not to the one the file names.
        var keys = await platform.Services.GetRequiredService<IAuditLog>().PublicKeysAsync(ct);
        using var trust = new AuditTrust(keys);
        var verification = await new AuditVerifier(trust).VerifyAsync(export, ct);
        return new DemoAuditResult(verification.Entries - verification.Sealed, verification.Sealed, verification.Intact, verification.AuthenticatedThrough, verification.Problem?.ToString());
    }

    public static JsonObject ToJson(DemoSecurityResult security) => new()
    {
        ["unauthenticated_status"] = security.UnauthenticatedStatus,
        ["cross_tenant_status"] = security.CrossTenantStatus,
        ["self_approval_refused"] = security.SelfApprovalRefused,
    };

    public static JsonObject ToJson(DemoAuditResult audit) => new()
    {
        ["entries"] = audit.Entries,
        ["other_tenants_sealed"] = audit.Sealed,
        ["verified"] = audit.Verified,
        ["authenticated_through"] = audit.AuthenticatedThrough,
        ["problem"] = audit.Problem,
    };
}
