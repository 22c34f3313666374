namespace Keel.Tracking;

/// <summary>What a write needs to know about a run before it changes it.</summary>
internal sealed record RunState(string ExperimentId, RunStatus Status, DateTimeOffset? EndTime)
{
    public bool HasEnded => Status != RunStatus.Running;

    public string Describe(string runId) => $"Run '{runId}' ended as {Status} at {EndTime:O}";
}
