namespace Keel.ModelRegistry;

/// <summary>
/// A change that conflicts with the registry's current state: a stale expected revision, a
/// model name already taken, another version in Production when the caller chose not to archive
/// it, an artifact already attached under the name, or a concurrent writer that got there first.
/// Reading again and deciding again resolves it.
/// </summary>
public sealed class RegistryConflictException(string message, long? currentRevision = null, Exception? inner = null)
    : ModelRegistryException(message, inner)
{
    /// <summary>The version's revision now, when the conflict is about a revision.</summary>
    public long? CurrentRevision { get; } = currentRevision;
}
