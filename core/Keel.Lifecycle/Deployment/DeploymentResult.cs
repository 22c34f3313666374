namespace Keel.Lifecycle;

/// <summary>A version in Production, the version it replaced there (archived), and the event that announced it.</summary>
public sealed record DeploymentResult(string Model, int Version, string OnnxSha256, int? ReplacedVersion, string EventId);

/// <summary>The version the <c>champion</c> alias points to now, and the one it pointed to before.</summary>
public sealed record PromotionResult(string Model, int Version, int? PreviousChampion);

/// <summary>What a compensation undid: the version archived, and the champion and Production version restored.</summary>
public sealed record CompensationResult(string Model, int? ArchivedVersion, int? RestoredChampion, int? RestoredProduction, bool ChampionRemoved);

/// <summary>A version's stage after a change.</summary>
public sealed record VersionStage(string Model, int Version, string Stage);

/// <summary>
/// A canary that started beside <see cref="StableVersion"/> (announced by <see cref="EventId"/>), or
/// that did not start (both null) because no version was in Production to compare it with.
/// </summary>
public sealed record CanaryStart(string Model, int Version, int? StableVersion, double Percent, string? EventId);

/// <summary>A canary rolled back: its version archived, serving told to send everything to the stable version.</summary>
public sealed record CanaryRollback(string Model, int Version, int StableVersion, string Stage, string EventId);
