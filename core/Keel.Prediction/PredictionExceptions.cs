namespace Keel.Prediction;

/// <summary>The request cannot be predicted as given (no entity and no record, a record that does not fit the dataset): a 400.</summary>
public sealed class InvalidPredictionRequestException(string message, IReadOnlyList<string>? problems = null) : Exception(message)
{
    public IReadOnlyList<string> Problems { get; } = problems ?? [];
}

/// <summary>The online store holds no features for the entity (none written, or all past their TTL): a 404.</summary>
public sealed class EntityNotFoundException(string message) : Exception(message);
