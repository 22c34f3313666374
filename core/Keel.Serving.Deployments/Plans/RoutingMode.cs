using System.Text.Json.Serialization;

namespace Keel.Serving.Deployments;

/// <summary>How a request is assigned to one of the serving variants.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RoutingMode>))]
public enum RoutingMode
{
    /// <summary>Each request draws a fresh random number: the shares hold over many requests, an entity may see both variants.</summary>
    [JsonStringEnumMemberName("weighted")] Weighted,

    /// <summary>
    /// The entity key is hashed into a bucket, so the same entity always gets the same variant (A/B tests
    /// need that). A request without an entity key falls back to a random draw.
    /// </summary>
    [JsonStringEnumMemberName("sticky")] Sticky,
}
