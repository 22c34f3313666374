namespace Keel.ModelRegistry;

/// <summary>
/// A request to move a version to another stage. <see cref="ExpectedRevision"/>, when given,
/// makes the change conditional on the version not having changed since it was read.
/// <see cref="ArchiveExisting"/> (MLflow's <c>archive_existing_versions</c>) decides what a
/// promotion to Production does with the version already there: archive it in the same
/// transaction (the default) or fail with <see cref="RegistryConflictException"/>.
/// </summary>
public sealed record TransitionRequest(string Model, int Version, ModelStage ToStage, string Actor, string Reason)
{
    public long? ExpectedRevision { get; init; }

    public bool ArchiveExisting { get; init; } = true;
}
