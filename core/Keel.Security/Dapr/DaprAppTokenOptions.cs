namespace Keel.Security.Dapr;

/// <summary>
/// The Dapr sidecar's app API token (<c>Keel:Auth:Dapr</c>). Dapr's injector gives the app the token as
/// <c>APP_API_TOKEN</c> when the deployment names one (<c>dapr.io/app-token-secret</c>), and the sidecar
/// sends it as <c>dapr-api-token</c> with every call it makes to the app — topic pushes among them.
/// </summary>
public sealed class DaprAppTokenOptions
{
    public const string Section = "Keel:Auth:Dapr";

    /// <summary>The header the sidecar sends the token in.</summary>
    public const string Header = "dapr-api-token";

    /// <summary>The subject of the sidecar's identity, as the audit log names it.</summary>
    public const string Subject = "dapr-sidecar";

    /// <summary>The token; <c>APP_API_TOKEN</c> when unset. Without one the sidecar cannot authenticate and pushes get 401.</summary>
    public string? AppApiToken { get; set; }

    /// <summary>Routes the token is good for: the push targets, nothing else.</summary>
    public string PushPathPrefix { get; set; } = "/api/dapr/";
}
