namespace Keel.Features.Records;

/// <summary>
/// A validated record of a dataset, as the feature store receives it: typed values by column,
/// the entity it describes, its event time, and the id of the event that carried it.
/// </summary>
public sealed record IngestedRecord(
    string Tenant,
    string Dataset,
    string EntityKey,
    DateTimeOffset EventTime,
    string EventId,
    IReadOnlyDictionary<string, object?> Values);
