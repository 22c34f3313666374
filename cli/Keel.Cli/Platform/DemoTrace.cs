using System.Collections.Concurrent;
using System.Diagnostics;

namespace Keel.Cli.Platform;

/// <summary>The spans of one traced operation, in the order they started.</summary>
public sealed record DemoTraceResult(string TraceId, IReadOnlyList<DemoSpan> Spans);

public sealed record DemoSpan(string Name, string Source, ActivityKind Kind, DateTime Start);

/// <summary>
/// Records every span of one trace across the whole in-process platform: the demo starts a root span,
/// runs an operation under it, and collects what each component added to the trace, including the
/// consumers that continue it from the prediction log's <c>traceparent</c> after the answer came back.
/// </summary>
public sealed class DemoTrace : IDisposable
{
    private const string SourceName = "Keel.Cli.Demo";
    private static readonly ActivitySource Source = new(SourceName);

    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _spans = new();
    private ActivityTraceId _trace;

    public DemoTrace()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Source.Name == SourceName || (_trace != default && options.Parent.TraceId == _trace)
                    ? ActivitySamplingResult.AllDataAndRecorded
                    : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (_trace != default && activity.TraceId == _trace && activity.Source.Name != SourceName)
                {
                    _spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Runs the operation as the root of a new trace, then waits until no span was added for <paramref name="quiet"/> (at most <paramref name="limit"/>).</summary>
    public async Task<(T Result, DemoTraceResult Trace)> RunAsync<T>(string name, Func<Task<T>> operation, TimeSpan quiet, TimeSpan limit, CancellationToken ct)
    {
        T result;
        using (var root = Source.StartActivity(name, ActivityKind.Internal, parentContext: default)
            ?? throw new InvalidOperationException("The demo's trace listener did not sample its root span."))
        {
            _trace = root.TraceId;
            result = await operation();
        }
        var deadline = DateTime.UtcNow + limit;
        var seen = -1;
        while (DateTime.UtcNow < deadline && seen != _spans.Count)
        {
            seen = _spans.Count;
            await Task.Delay(quiet, ct);
        }
        var spans = _spans.OrderBy(s => s.StartTimeUtc).Select(s => new DemoSpan(s.DisplayName, s.Source.Name, s.Kind, s.StartTimeUtc)).ToList();
        return (result, new DemoTraceResult(_trace.ToHexString(), spans));
    }

    public void Dispose() => _listener.Dispose();
}
