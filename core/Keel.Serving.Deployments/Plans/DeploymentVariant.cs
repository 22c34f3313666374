using System.Text.Json.Serialization;

namespace Keel.Serving.Deployments;

/// <summary>One version of a model within a deployment plan.</summary>
/// <param name="Name">Unique within the plan (case-insensitively), e.g. <c>stable</c>, <c>canary</c>, <c>b</c>.</param>
/// <param name="Version">The registered model version this variant serves; positive.</param>
/// <param name="Weight">
/// For a serving variant, its share of traffic in percent (0–100; the serving variants together make 100).
/// For a <see cref="VariantRole.Shadow"/>, the percentage of requests it gets a copy of (above 0, up to 100).
/// </param>
/// <param name="Role">What the variant is for.</param>
public sealed record DeploymentVariant(string Name, int Version, double Weight, VariantRole Role = VariantRole.Stable)
{
    /// <summary>Whether the variant answers requests (every role but <see cref="VariantRole.Shadow"/>).</summary>
    [JsonIgnore]
    public bool IsServing => Role != VariantRole.Shadow;
}
