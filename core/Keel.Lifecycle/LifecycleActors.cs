namespace Keel.Lifecycle;

/// <summary>Who the registry and tracking store name for changes the platform makes on its own.</summary>
public static class LifecycleActors
{
    /// <summary>The actor of a change a workflow instance makes itself (registration, archiving on timeout, compensation).</summary>
    public static string Workflow(string instanceId) => "workflow:" + instanceId;
}
