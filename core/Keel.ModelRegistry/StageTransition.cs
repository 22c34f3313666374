namespace Keel.ModelRegistry;

/// <summary>
/// One recorded change of a version's stage: who made it, when and why. Transitions are
/// append-only; <paramref name="Sequence"/> orders them within the store.
/// </summary>
public sealed record StageTransition(
    long Sequence,
    string Tenant,
    string ModelName,
    int Version,
    ModelStage From,
    ModelStage To,
    string Actor,
    string Reason,
    DateTimeOffset At);
