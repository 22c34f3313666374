using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Keel.Hardening.Names;
using Microsoft.AspNetCore.Http;

namespace Keel.Hardening.RateLimiting;

/// <summary>
/// Who a request is counted against: its tenant and API key (claims <c>tenant</c> and
/// <c>key_id</c>), or its tenant and user (<c>sub</c>) when it carries no key; an anonymous request
/// by the <c>X-Keel-Tenant</c> header and the remote address.
/// </summary>
public static class RateLimitPartitionKey
{
    public const string TenantClaim = "tenant";
    public const string KeyIdClaim = "key_id";
    public const string SubjectClaim = "sub";
    public const string TenantHeader = "X-Keel-Tenant";

    /// <summary>The tenant when none is named, as the function handlers default to.</summary>
    public const string DefaultTenant = "default";

    private const int MaxPartLength = 128;

    public static string For(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            var tenant = Part(user.FindFirstValue(TenantClaim) ?? DefaultTenant);
            if (user.FindFirstValue(KeyIdClaim) is { Length: > 0 } keyId)
            {
                return $"{tenant}|key:{Part(keyId)}";
            }
            var subject = user.FindFirstValue(SubjectClaim) ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.Identity.Name ?? "";
            return $"{tenant}|user:{Part(subject)}";
        }

        // The header is the caller's word: an invalid one is not used as a key, so junk cannot
        // grow the limiter's partitions without bound beyond one per valid tenant name.
        var header = context.Request.Headers[TenantHeader].FirstOrDefault();
        var anonymousTenant = header is null ? DefaultTenant : ResourceNames.IsValid(ResourceKind.Tenant, header) ? header : "invalid";
        return $"{anonymousTenant}|ip:{context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}";
    }

    // Claims come from a validated token, but their length is not ours to trust: a long one is
    // hashed, and '|' is escaped so one part cannot pose as two.
    private static string Part(string value)
    {
        if (value.Length <= MaxPartLength)
        {
            return value.Replace("|", "%7C", StringComparison.Ordinal);
        }
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
    }
}
