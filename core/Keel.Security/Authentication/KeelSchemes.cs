namespace Keel.Security.Authentication;

/// <summary>The authentication schemes Keel registers.</summary>
public static class KeelSchemes
{
    /// <summary>The default scheme: looks at the request and forwards to <see cref="Bearer"/> or <see cref="ApiKey"/>.</summary>
    public const string Keel = "Keel";

    public const string Bearer = "Bearer";

    public const string ApiKey = "ApiKey";

    /// <summary>The header a client may use instead of <c>Authorization: ApiKey &lt;key&gt;</c>.</summary>
    public const string ApiKeyHeader = "X-Api-Key";
}
