using System.Diagnostics;

namespace Keel.Workflows;

/// <summary>The spans of workflow activities where no embedded runtime spans them (the Dapr host).</summary>
public static class WorkflowTelemetry
{
    public const string SourceName = "Keel.Workflows";

    internal static readonly ActivitySource Source = new(SourceName);
}
