namespace Keel.Workflows.Local.Storage;

/// <summary>A timer recorded when the workflow created it, so it fires after a restart too.</summary>
internal sealed record DurableTimer(string InstanceId, int Generation, int TaskId, DateTime FireAt);
