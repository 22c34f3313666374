using System.Diagnostics;
using Dapr.Workflow;
using Dapr.Workflow.Abstractions;
using Keel.Workflows;
using Keel.Workflows.Local;

namespace Keel.Lifecycle.Tests;

/// <summary>
/// Workflow activities are traced wherever they run: under Dapr's worker each run is a span of its own;
/// under the embedded runtime, which spans every activity it runs, the run is not spanned twice.
/// </summary>
public sealed class TracedActivityTests : IDisposable
{
    private readonly List<Activity> _spans = [];
    private readonly ActivityListener _listener;

    public TracedActivityTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is WorkflowTelemetry.SourceName or LocalWorkflowRuntime.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                lock (_spans)
                {
                    _spans.Add(span);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task An_activity_run_by_dapr_is_a_span_naming_the_activity_and_its_instance()
    {
        var instance = "traced-" + Guid.NewGuid().ToString("N");

        Assert.Equal(42, await new Probe().RunAsync(new Context("Probe", instance), 41));

        var span = Assert.Single(Mine(instance));
        Assert.Equal("activity Probe", span.DisplayName);
        Assert.Equal(WorkflowTelemetry.SourceName, span.Source.Name);
        Assert.Equal("Probe", span.GetTagItem("workflow.activity.name"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task A_failing_activity_marks_its_span_as_an_error_and_still_throws()
    {
        var instance = "traced-" + Guid.NewGuid().ToString("N");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new Probe().RunAsync(new Context("Probe", instance), -1));

        var span = Assert.Single(Mine(instance));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(error.Message, span.StatusDescription);
        Assert.Equal(typeof(InvalidOperationException).FullName, span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task Under_the_embedded_runtimes_span_of_the_same_activity_no_second_span_is_made()
    {
        var instance = "traced-" + Guid.NewGuid().ToString("N");
        using var runtime = new ActivitySource(LocalWorkflowRuntime.ActivitySourceName);

        using (var outer = runtime.StartActivity("activity Probe"))
        {
            outer!.SetTag("workflow.instance_id", instance);
            await new Probe().RunAsync(new Context("Probe", instance), 1);
        }

        var span = Assert.Single(Mine(instance));
        Assert.Equal(LocalWorkflowRuntime.ActivitySourceName, span.Source.Name);
    }

    private List<Activity> Mine(string instance)
    {
        lock (_spans)
        {
            return _spans.Where(s => (string?)s.GetTagItem("workflow.instance_id") == instance).ToList();
        }
    }

    public void Dispose() => _listener.Dispose();

    private sealed class Probe : TracedActivity<int, int>
    {
        protected override Task<int> ExecuteAsync(WorkflowActivityContext context, int input) =>
            input < 0 ? throw new InvalidOperationException("negative input") : Task.FromResult(input + 1);
    }

    private sealed class Context(string name, string instanceId) : WorkflowActivityContext
    {
        public override TaskIdentifier Identifier { get; } = new(name);

        public override string InstanceId { get; } = instanceId;

        public override string TaskExecutionKey => InstanceId + ":1";

        public override int ScheduledEventId => 1;
    }
}
