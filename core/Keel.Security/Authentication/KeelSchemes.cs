namespace Keel.Security.Authentication;

/// <summary>The authentication schemes Keel registers.</summary>
public static class KeelSchemes
{
    /// <summary>The default scheme: looks at the request and forwards to <see cref="Bearer"/> or <see cref="ApiKey"/>.</summary>
    public const string Keel = "Keel";

    public const string Bearer = "Bearer";

    public const string ApiKey = "ApiKey";

    /// <summary>The Dapr sidecar, by its app API token (<c>dapr-api-token</c>), on push routes.</summary>
    public const string DaprAppToken = "DaprAppToken";

    /// <summary>The header a client may use instead of <c>Authorization: ApiKey &lt;key&gt;</c>.</summary>
    public const string ApiKeyHeader = "X-Api-Key";
}
