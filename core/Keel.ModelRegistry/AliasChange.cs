namespace Keel.ModelRegistry;

/// <summary>
/// One recorded change of an alias: set (<paramref name="FromVersion"/> null), moved, or removed
/// (<paramref name="ToVersion"/> null), with who, when and why. Append-only, ordered by
/// <paramref name="Sequence"/>.
/// </summary>
public sealed record AliasChange(
    long Sequence,
    string Tenant,
    string ModelName,
    string Alias,
    int? FromVersion,
    int? ToVersion,
    string Actor,
    string Reason,
    DateTimeOffset At);
