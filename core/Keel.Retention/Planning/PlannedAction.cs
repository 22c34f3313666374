using Keel.Retention.Storage;

namespace Keel.Retention.Planning;

/// <summary>
/// One stored copy the policy deletes or moves: its address and size, the tier it is in, the rule
/// that released it, every owner of the blob (all of which released it), and what it saves a month
/// in the price book's currency (null when the cost is unknown; see <see cref="RetentionPlan.Pricing"/>).
/// </summary>
public sealed record PlannedAction(
    string Sha256,
    RetentionAction Action,
    StorageTier Tier,
    long Bytes,
    string Rule,
    IReadOnlyList<ArtifactOwner> Owners,
    decimal? MonthlySaving);
