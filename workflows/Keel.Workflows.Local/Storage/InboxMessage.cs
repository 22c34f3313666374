namespace Keel.Workflows.Local.Storage;

/// <summary>
/// Something that happened to an instance and waits to be applied by its driver. Results of tasks
/// carry the generation they were scheduled in, so a result from an earlier run is dropped.
/// </summary>
internal sealed record InboxMessage(long Id, int? Generation, WorkflowStep Step);
