using Keel.Storage;

namespace Keel.Tracking;

/// <summary>Where the embedded tracking store keeps its SQLite file (<c>Keel:Tracking</c>).</summary>
public sealed record TrackingOptions
{
    public const string Section = "Keel:Tracking";

    public required string DatabasePath { get; init; }

    /// <summary>The embedded default: <c>tracking.db</c> under the data directory.</summary>
    public static TrackingOptions For(StorageOptions storage) => new() { DatabasePath = storage.Resolve("tracking.db") };
}
