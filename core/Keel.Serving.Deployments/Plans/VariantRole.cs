using System.Text.Json.Serialization;

namespace Keel.Serving.Deployments;

/// <summary>What a variant is for. Only <see cref="Shadow"/> never answers a request.</summary>
// The converter is on the type so the names are camelCase whatever options the host serialises with.
[JsonConverter(typeof(JsonStringEnumConverter<VariantRole>))]
public enum VariantRole
{
    /// <summary>The version in production; what a canary is compared with and what a rollback returns to.</summary>
    [JsonStringEnumMemberName("stable")] Stable,

    /// <summary>A new version taking a small share of traffic until canary analysis promotes or rolls it back.</summary>
    [JsonStringEnumMemberName("canary")] Canary,

    /// <summary>An A/B arm: answers its share of traffic like the stable version does, for comparison.</summary>
    [JsonStringEnumMemberName("challenger")] Challenger,

    /// <summary>Gets a copy of (a sample of) the requests; its output is logged and never returned.</summary>
    [JsonStringEnumMemberName("shadow")] Shadow,
}
