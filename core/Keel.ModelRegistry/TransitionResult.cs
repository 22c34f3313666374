namespace Keel.ModelRegistry;

/// <summary>
/// The version after a transition, and every transition the request recorded: its own, and
/// before it the archiving of the version it replaced in Production, if there was one.
/// </summary>
public sealed record TransitionResult(ModelVersion Version, IReadOnlyList<StageTransition> Recorded);
