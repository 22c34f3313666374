namespace Keel.Lifecycle;

/// <summary>
/// An approver's decision on a registered version, the payload of the workflow's <c>approval</c>
/// event: approve or reject, who decides, and why.
/// </summary>
public sealed record ApprovalDecision(bool Approved, string Approver, string? Comment = null)
{
    /// <summary>The name of the external event a workflow waits for.</summary>
    public const string EventName = "approval";
}

/// <summary>
/// A version waiting for approval: who asked for it (the requester) and who built it (the author),
/// neither of whom may approve it, and how long it waits.
/// </summary>
public sealed record ApprovalRequest(string Model, int Version, string? RunId, string Requester, string Author, TimeSpan Timeout);

/// <summary>
/// How a decision was taken: whether it counts and, when it does not, why. A refused decision is
/// recorded and the version keeps waiting for one that counts.
/// </summary>
public sealed record ApprovalReview(bool Counts, bool Approved, string Approver, string? Comment, string? Refusal)
{
    public static ApprovalReview Refused(ApprovalDecision decision, string reason) =>
        new(false, decision.Approved, decision.Approver ?? "", decision.Comment, reason);
}
