using System.Diagnostics;
using System.Net.Sockets;

namespace Keel.Cli.Bench;

/// <summary>
/// Drives keep-alive connections from one dedicated thread that waits on all of them at once, as
/// wrk does. The benchmark's load shares the machine (and, in process, the runtime) with the service
/// it measures: clients that await on the thread pool compete with the service for its own threads
/// and charge it their wake-ups, which on two cores halved what the service appeared to answer.
/// </summary>
public sealed class LoopbackLoadGenerator : IDisposable
{
    /// <summary>How long a connection may wait for its answer before the run is abandoned.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    private readonly LoopbackConnection[] _connections;
    private readonly Dictionary<Socket, int> _bySocket;

    private LoopbackLoadGenerator(LoopbackConnection[] connections)
    {
        _connections = connections;
        _bySocket = connections.Select((c, i) => (c.Socket, i)).ToDictionary(p => p.Socket, p => p.i);
    }

    /// <summary>Answers received, the time from the first send to the last answer, and each answer's latency in milliseconds, sorted.</summary>
    public sealed record Result(long Answers, TimeSpan Elapsed, double[] LatenciesMs)
    {
        public double PerSecond => Answers / Elapsed.TotalSeconds;
    }

    public static LoopbackLoadGenerator Connect(Uri address, int connections)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        var opened = new List<LoopbackConnection>(connections);
        try
        {
            for (var i = 0; i < connections; i++)
            {
                opened.Add(LoopbackConnection.Connect(address));
            }
            return new LoopbackLoadGenerator([.. opened]);
        }
        catch
        {
            opened.ForEach(c => c.Dispose());
            throw;
        }
    }

    /// <summary>
    /// Every connection sends back to back for <paramref name="duration"/> (or, with
    /// <paramref name="rate"/>, paced so that together they send at that rate), request k of
    /// connection c being <c>requests[(c + k) % requests.Count]</c>; answers in flight when the
    /// duration ends are waited for and counted. Runs on a thread of its own.
    /// </summary>
    public Task<Result> RunAsync(IReadOnlyList<byte[]> requests, TimeSpan duration, double? rate, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfZero(requests.Count);
        if (rate is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "A paced run needs a positive rate.");
        }
        var done = new TaskCompletionSource<Result>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(Run(requests, duration, rate, ct));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                done.SetCanceled(ct);
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        { IsBackground = true, Name = "keel-bench-load" };
        thread.Start();
        return done.Task;
    }

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }

    private Result Run(IReadOnlyList<byte[]> requests, TimeSpan duration, double? rate, CancellationToken ct)
    {
        var count = _connections.Length;
        var interval = rate is { } perSecond ? (long)(Stopwatch.Frequency * count / perSecond) : 0;
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var next = new long[count];
        var sequence = new int[count];
        var busy = new bool[count];
        for (var c = 0; c < count; c++)
        {
            // Paced connections start spread over one interval, so that the rate holds from the start.
            next[c] = start + (interval * c / count);
            sequence[c] = c;
        }
        var latencies = new List<double>(capacity: 1 << 16);
        var waiting = new List<Socket>(count);
        var lastAnswer = start;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var now = Stopwatch.GetTimestamp();
            var sending = now < deadline;
            var wake = long.MaxValue;
            waiting.Clear();
            for (var c = 0; c < count; c++)
            {
                if (!busy[c] && sending)
                {
                    if (next[c] > now)
                    {
                        wake = Math.Min(wake, next[c]);
                        continue;
                    }
                    _connections[c].Send(requests[sequence[c]++ % requests.Count], now);
                    next[c] += interval;
                    busy[c] = true;
                }
                if (busy[c])
                {
                    waiting.Add(_connections[c].Socket);
                }
            }
            if (waiting.Count == 0)
            {
                if (!sending)
                {
                    return new Result(latencies.Count, Stopwatch.GetElapsedTime(start, lastAnswer), [.. latencies.Order()]);
                }
                Pause(Stopwatch.GetElapsedTime(now, Math.Min(wake, deadline)));
                continue;
            }
            Socket.Select(waiting, null, null, SelectTimeout(now, wake, deadline, sending));
            if (waiting.Count == 0 && Stopwatch.GetElapsedTime(lastAnswer) > AnswerTimeout && wake == long.MaxValue)
            {
                throw new TimeoutException($"No answer on any of {count} connections for {AnswerTimeout.TotalSeconds:F0} s.");
            }
            foreach (var socket in waiting)
            {
                var c = _bySocket[socket];
                if (_connections[c].Receive())
                {
                    lastAnswer = Stopwatch.GetTimestamp();
                    latencies.Add(Stopwatch.GetElapsedTime(_connections[c].SentAt, lastAnswer).TotalMilliseconds);
                    busy[c] = false;
                }
            }
        }
    }

    /// <summary>
    /// Microseconds to wait for answers: until the next paced send is due or the duration ends,
    /// rounded up to whole milliseconds because the wait underneath (poll) counts in them; a second
    /// at most, so that cancellation and the answer timeout are seen.
    /// </summary>
    private static int SelectTimeout(long now, long wake, long deadline, bool sending)
    {
        var until = sending ? Math.Min(wake, deadline) : long.MaxValue;
        var wait = until == long.MaxValue ? TimeSpan.FromSeconds(1) : Stopwatch.GetElapsedTime(now, until);
        var milliseconds = Math.Clamp(Math.Ceiling(wait.TotalMilliseconds), 1, 1000);
        return (int)milliseconds * 1000;
    }

    private static void Pause(TimeSpan wait)
    {
        if (wait > TimeSpan.FromMilliseconds(0.05))
        {
            Thread.Sleep(wait);
        }
        else
        {
            Thread.Yield();
        }
    }
}
