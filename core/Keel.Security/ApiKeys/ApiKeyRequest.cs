using Keel.Security.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Keel.Security.ApiKeys;

/// <summary>Where a client puts its key: <c>Authorization: ApiKey &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>.</summary>
public static class ApiKeyRequest
{
    private const string AuthorizationScheme = "ApiKey ";

    public static bool IsPresent(HttpRequest request) => TryRead(request, out _);

    public static bool TryRead(HttpRequest request, out string key)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? header = request.Headers[KeelSchemes.ApiKeyHeader];
        if (!string.IsNullOrWhiteSpace(header))
        {
            key = header.Trim();
            return true;
        }
        string? authorization = request.Headers[HeaderNames.Authorization];
        if (authorization is not null && authorization.StartsWith(AuthorizationScheme, StringComparison.OrdinalIgnoreCase)
            && authorization[AuthorizationScheme.Length..].Trim() is { Length: > 0 } value)
        {
            key = value;
            return true;
        }
        key = "";
        return false;
    }
}
