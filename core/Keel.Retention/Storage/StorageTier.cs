namespace Keel.Retention.Storage;

/// <summary>
/// Where a stored copy of an artifact lives: the artifact store's own directory, or the cold tier
/// that archived versions are moved to. Each tier is priced by its price book variant.
/// </summary>
public enum StorageTier
{
    Hot,
    Cold,
}
