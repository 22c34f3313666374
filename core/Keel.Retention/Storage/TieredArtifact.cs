namespace Keel.Retention.Storage;

/// <summary>One stored copy of an artifact and its tier. A move interrupted half way leaves a copy in each tier.</summary>
public sealed record TieredArtifact(string Sha256, long Size, DateTimeOffset StoredAt, StorageTier Tier);
