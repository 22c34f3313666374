using System.Diagnostics;
using Keel.Training;

namespace Keel.Lifecycle;

/// <summary>
/// Times single-row scorings of the candidate's ONNX model in ONNX Runtime on the CPU, cycling through
/// the holdout rows, as serving will score them: one request, one row, its features by name.
/// </summary>
internal sealed class LatencyProbe(OnnxScorer scorer, IReadOnlyList<(IReadOnlyDictionary<string, object?> Features, DateTimeOffset AsOf)> rows)
{
    public Task<IReadOnlyList<TimeSpan>> MeasureAsync(int samples, CancellationToken cancellationToken) => Task.Run<IReadOnlyList<TimeSpan>>(() =>
    {
        var timings = new TimeSpan[samples];
        for (var i = 0; i < samples; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (features, asOf) = rows[i % rows.Count];
            var started = Stopwatch.GetTimestamp();
            scorer.Score(features, asOf);
            timings[i] = Stopwatch.GetElapsedTime(started);
        }
        return timings;
    }, cancellationToken);
}
