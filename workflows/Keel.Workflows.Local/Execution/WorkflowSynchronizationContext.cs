namespace Keel.Workflows.Local.Execution;

/// <summary>
/// Runs an instance's workflow code on one thread, one turn at a time: every continuation the code
/// awaits is queued here and drained before the turn ends, so the order of steps depends only on the
/// order of the messages applied — the same live and on replay.
/// </summary>
internal sealed class WorkflowSynchronizationContext(Action onStrayContinuation) : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly Lock _lock = new();
    private int _turnThread = -1;

    /// <summary>
    /// A continuation arrived between turns or from another thread: the code awaited something the
    /// workflow context did not create (Task.Delay, Task.Run, I/O), whose timing no history can replay.
    /// </summary>
    public bool HasStrayContinuation { get; private set; }

    public override void Post(SendOrPostCallback d, object? state)
    {
        bool stray;
        lock (_lock)
        {
            _queue.Enqueue((d, state));
            stray = _turnThread != Environment.CurrentManagedThreadId;
            HasStrayContinuation |= stray;
        }

        if (stray)
        {
            onStrayContinuation();
        }
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Workflow code runs on its instance's own turn; it cannot be entered synchronously.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs <paramref name="apply"/> and then every continuation it triggers, with this context current.</summary>
    public void RunTurn(Action apply)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        lock (_lock)
        {
            _turnThread = Environment.CurrentManagedThreadId;
        }

        try
        {
            apply();
            while (TryDequeue(out var item))
            {
                item.Callback(item.State);
            }
        }
        finally
        {
            lock (_lock)
            {
                _turnThread = -1;
            }

            SetSynchronizationContext(previous);
        }
    }

    private bool TryDequeue(out (SendOrPostCallback Callback, object? State) item)
    {
        lock (_lock)
        {
            return _queue.TryDequeue(out item);
        }
    }
}
