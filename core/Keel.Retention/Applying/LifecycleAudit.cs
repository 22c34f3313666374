namespace Keel.Retention;

/// <summary>The audit actions and actor of the artifact lifecycle, so that readers filter on stable names.</summary>
public static class LifecycleAudit
{
    public const string ActionPrefix = "lifecycle.";
    public const string ArtifactDeleted = "lifecycle.artifact_deleted";
    public const string ArtifactMoved = "lifecycle.artifact_moved";

    /// <summary>The actor of a scheduled run, when no person asked for it.</summary>
    public const string PolicyActor = "lifecycle-policy";
}
