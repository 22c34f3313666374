using System.Text.Json.Serialization;

namespace Keel.Lifecycle;

/// <summary>
/// The <c>canary</c> event a workflow waiting on a canary receives: what canary analysis recommends
/// (<see cref="Promote"/> or <see cref="Rollback"/>) for which canary version, and why. Forwarded from
/// a <c>dev.keel.canary.recommended.v1</c> event; the workflow ignores one about another version.
/// </summary>
public sealed record CanaryVerdict(string Decision, int CanaryVersion, int StableVersion, IReadOnlyList<string> Reasons)
{
    public const string EventName = "canary";
    public const string Promote = "promote";
    public const string Rollback = "rollback";

    /// <summary>The id of the recommendation event, for the history.</summary>
    public string? EventId { get; init; }

    [JsonIgnore]
    public bool IsPromote => Decision == Promote;

    [JsonIgnore]
    public bool IsRollback => Decision == Rollback;
}
