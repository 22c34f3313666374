using Keel.Events;

namespace Keel.Ingestion;

/// <summary>
/// What ingestion did with a request: how many events it stored, and each rejected event with
/// every problem found. <see cref="BodyProblems"/> is set when the body itself was unusable.
/// </summary>
public sealed record IngestionResult(int Received, int Accepted, IReadOnlyList<RejectedEvent> Rejected, IReadOnlyList<EventProblem> BodyProblems)
{
    public bool AllAccepted => BodyProblems.Count == 0 && Rejected.Count == 0;
}

/// <summary>An event ingestion refused: its position in the request, its id and type as far as they could be read.</summary>
public sealed record RejectedEvent(int Index, string? Id, string? Type, IReadOnlyList<EventProblem> Problems);
