namespace Keel.Tracking;

/// <summary>Where a run is in its life. Only <see cref="Running"/> is not final; a run ends once.</summary>
public enum RunStatus
{
    Running,
    Finished,
    Failed,
    Killed,
}
