using System.Diagnostics;

namespace Keel.Functions;

/// <summary>The activity source of Keel's handlers: one span per handler invocation.</summary>
public static class FunctionTelemetry
{
    public const string SourceName = "Keel.Functions";

    public static ActivitySource Source { get; } = new(SourceName);
}
