namespace Keel.Features.Online;

/// <summary>
/// Which features to read for which entities: a feature service by name, or an explicit list
/// of <c>view:feature</c> references (a bare view name means all its features).
/// </summary>
public sealed record OnlineFeatureRequest(string? Service, IReadOnlyList<string>? Features, IReadOnlyList<string> Entities)
{
    /// <summary>Most entities one request may ask for; larger reads are split by the caller.</summary>
    public const int MaxEntities = 1000;
}

/// <summary>The values of each entity, with the versions of the views they came from and each value's age.</summary>
public sealed record OnlineFeatureResult(
    string? Service,
    IReadOnlyList<string> Features,
    IReadOnlyDictionary<string, string> ViewVersions,
    IReadOnlyList<EntityFeatures> Results);

/// <summary>
/// One entity's features by name. A value is null when the store has none (<c>not_found</c>) or
/// when it is older than its view's TTL (<c>expired</c>); <see cref="AgeSeconds"/> is the time
/// since the value's event time.
/// </summary>
public sealed record EntityFeatures(
    string Entity,
    IReadOnlyDictionary<string, object?> Values,
    IReadOnlyDictionary<string, double?> AgeSeconds,
    IReadOnlyDictionary<string, string> Status);

public static class FeatureStatus
{
    public const string Present = "present";
    public const string NotFound = "not_found";
    public const string Expired = "expired";
}
