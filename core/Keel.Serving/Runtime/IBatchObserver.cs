namespace Keel.Serving.Runtime;

/// <summary>
/// Told of every session run a loaded model version makes, so that its compute time can be metered
/// without serving depending on how costs are kept. Runs on the batch's worker thread right after
/// the run: it must be quick, and what it throws is logged and ignored so inference never fails for it.
/// </summary>
public interface IBatchObserver
{
    void OnBatch(ServedBatch batch);
}

/// <summary>
/// One session run: whose version ran it, on which execution provider, when and for how long, and
/// the rows of each request in it (in queue order). A run that failed still held the device, so it
/// is reported too, with <paramref name="Succeeded"/> false: its rows were no predictions.
/// </summary>
public sealed record ServedBatch(
    string Tenant,
    string Model,
    int Version,
    string ExecutionProvider,
    DateTimeOffset Start,
    TimeSpan ComputeTime,
    IReadOnlyList<int> RequestRows,
    bool Succeeded);

/// <summary>The default: serving without metering.</summary>
public sealed class NoBatchObserver : IBatchObserver
{
    public static NoBatchObserver Instance { get; } = new();

    public void OnBatch(ServedBatch batch)
    {
    }
}
