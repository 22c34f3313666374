using Microsoft.Extensions.Configuration;

namespace Keel.Cli.Platform;

/// <summary>How <c>keel up</c> serves models: every deployed model, in the same process as the workflows that deploy them.</summary>
public static class EmbeddedServing
{
    /// <summary>
    /// Each serving process reads every deployment, so its consumer group is its own; in one
    /// embedded process there is one.
    /// </summary>
    public static string ConsumerGroup { get; } = "keel-serving-" + Environment.MachineName.ToLowerInvariant();

    /// <summary>Defaults that the configuration has not set already.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Defaults(IConfiguration configuration)
    {
        if (configuration["Keel:Serving:FollowAllDeployments"] is null)
        {
            yield return new("Keel:Serving:FollowAllDeployments", "true");
        }
    }
}
