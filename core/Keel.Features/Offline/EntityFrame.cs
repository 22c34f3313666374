namespace Keel.Features.Offline;

/// <summary>
/// The rows a point-in-time join answers: an entity key and a timestamp each, columnar so that
/// large frames stay compact.
/// </summary>
public sealed class EntityFrame
{
    public EntityFrame(IReadOnlyList<string> entityKeys, IReadOnlyList<DateTimeOffset> timestamps)
    {
        if (entityKeys.Count != timestamps.Count)
        {
            throw new ArgumentException($"The frame has {entityKeys.Count} entity keys but {timestamps.Count} timestamps.");
        }
        EntityKeys = entityKeys;
        Timestamps = timestamps;
    }

    public IReadOnlyList<string> EntityKeys { get; }

    public IReadOnlyList<DateTimeOffset> Timestamps { get; }

    public int Count => EntityKeys.Count;
}
