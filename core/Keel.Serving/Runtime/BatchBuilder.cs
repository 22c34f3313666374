using System.Threading.Channels;

namespace Keel.Serving.Runtime;

/// <summary>
/// The requests one batch worker gathers for its next session run. A request taken from the
/// queue that would push the batch past its row limit is held back as the start of the next
/// batch: with several workers reading the queue, peeking first would race, so it is taken
/// and kept rather than put back.
/// </summary>
internal sealed class BatchBuilder(int maxRows)
{
    private readonly List<PendingInference> _requests = [];
    private PendingInference? _held;

    public IReadOnlyList<PendingInference> Requests => _requests;

    public int Rows { get; private set; }

    /// <summary>No more requests fit: the row limit is reached, or a request is waiting for the next batch.</summary>
    public bool Full => Rows >= maxRows || _held is not null;

    /// <summary>A request taken from the queue is still to run, even if the queue is now closed and empty.</summary>
    public bool HasHeld => _held is not null;

    /// <summary>Takes the held request and then what is queued now, without waiting; false when nothing was added.</summary>
    public bool TakeQueued(ChannelReader<PendingInference> reader)
    {
        var before = _requests.Count;
        if (_held is { } held && _requests.Count == 0)
        {
            _held = null;
            Add(held);
        }
        while (!Full && reader.TryRead(out var next))
        {
            if (next.Cancellation.IsCancellationRequested)
            {
                next.Completion.TrySetCanceled(next.Cancellation);
            }
            else if (_requests.Count > 0 && Rows + next.Rows > maxRows)
            {
                _held = next;
            }
            else
            {
                Add(next);
            }
        }
        return _requests.Count > before;
    }

    public void Clear()
    {
        _requests.Clear();
        Rows = 0;
    }

    /// <summary>Fails everything this builder holds, when its worker cannot go on.</summary>
    public void Fail(Exception ex)
    {
        foreach (var pending in _requests)
        {
            pending.Completion.TrySetException(ex);
        }
        _held?.Completion.TrySetException(ex);
        _held = null;
        Clear();
    }

    private void Add(PendingInference pending)
    {
        _requests.Add(pending);
        Rows += pending.Rows;
    }
}
