using Dapr.Workflow;

namespace Keel.Workflows;

/// <summary>
/// How a step that failed is retried: attempts in all, the wait before the first retry, and how the
/// wait grows. Carried in the request rather than read from configuration, because workflow code must
/// decide the same way when it is replayed, whatever the configuration says by then.
/// </summary>
public sealed record ActivityRetry(int MaxAttempts, TimeSpan FirstInterval, double BackoffCoefficient, TimeSpan MaxInterval)
{
    /// <summary>Three attempts, 2 s then 4 s apart: enough for a store or broker to come back, short enough that a real failure is reported soon.</summary>
    public static ActivityRetry Default { get; } = new(3, TimeSpan.FromSeconds(2), 2, TimeSpan.FromMinutes(1));

    public WorkflowTaskOptions ToTaskOptions() =>
        new(new WorkflowRetryPolicy(MaxAttempts, FirstInterval, BackoffCoefficient, MaxInterval));
}
