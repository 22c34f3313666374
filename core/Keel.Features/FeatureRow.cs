namespace Keel.Features;

/// <summary>
/// One row of a feature view: an entity's values at an event time, produced by one event.
/// <see cref="Values"/> follow the order of the view's features; a value's CLR type follows
/// its feature type (long, double, string, bool, DateTimeOffset) or is null when missing.
/// </summary>
public sealed record FeatureRow(
    string EntityKey,
    DateTimeOffset EventTime,
    DateTimeOffset CreatedAt,
    string EventId,
    IReadOnlyList<object?> Values);
