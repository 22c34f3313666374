using System.Collections.Concurrent;

namespace Keel.Storage.Caching;

/// <summary>
/// A few expensive things built once per key (an explainer with its model and background data): concurrent
/// callers of one key share one build, the oldest entries leave beyond <paramref name="capacity"/>, and a
/// failed build is forgotten so that the next call tries again (an artifact store briefly away).
/// </summary>
public sealed class BoundedTaskCache<TKey, TValue>(int capacity)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _entries = new();
    private readonly ConcurrentQueue<TKey> _order = new();

    public int Count => _entries.Count;

    public async Task<TValue> GetAsync(TKey key, Func<Task<TValue>> build, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        var created = false;
        var entry = _entries.GetOrAdd(key, _ =>
        {
            created = true;
            return new Lazy<Task<TValue>>(build);
        });
        if (created)
        {
            _order.Enqueue(key);
            while (_entries.Count > capacity && _order.TryDequeue(out var oldest))
            {
                _entries.TryRemove(oldest, out _);
            }
        }
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch when (entry.Value.IsFaulted)
        {
            _entries.TryRemove(new KeyValuePair<TKey, Lazy<Task<TValue>>>(key, entry));
            throw;
        }
    }
}
