namespace Keel.Lifecycle;

/// <summary>
/// Registering a run's candidate: <paramref name="RequestedBy"/> becomes the version's author,
/// <paramref name="Actor"/> makes the move to Staging (the workflow, for a workflow run), and
/// <paramref name="ParentRunId"/> is the run this training was retrained from, for lineage.
/// </summary>
public sealed record RegistrationRequest(string Tenant, string RunId, string RequestedBy, string Actor, string? ParentRunId = null);

/// <summary>The version registered in Staging, or why none was (a failed gate report).</summary>
public sealed record RegistrationResult(string RunId, string Model, bool Registered, int? Version, string? OnnxSha256, string? Reason)
{
    public static RegistrationResult Refused(string runId, string model, string reason) => new(runId, model, false, null, null, reason);
}
