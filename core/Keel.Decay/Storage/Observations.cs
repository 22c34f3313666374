namespace Keel.Decay.Storage;

/// <summary>
/// A logged prediction as decay tracking keeps it. <paramref name="JoinId"/> is the id its label
/// arrives under: its own id, or for a shadow score the id of the prediction it shadowed.
/// </summary>
public sealed record ObservedPrediction(string EventId, string Tenant, string PredictionId, string JoinId, string Model, int Version, double Score, DateTimeOffset PredictedAt);

/// <summary>A feedback label, kept as its JSON value until the version's positive class reads it.</summary>
public sealed record ObservedLabel(string EventId, string Tenant, string PredictionId, string LabelJson, DateTimeOffset ObservedAt);

/// <summary>A model version of a tenant.</summary>
public readonly record struct VersionKey(string Tenant, string Model, int Version);

/// <summary>
/// What became of a label: joined to its prediction(s); waiting for a prediction not yet seen;
/// expired (its prediction is beyond the horizon, or it waited longer than the horizon or past the
/// waiting bound); a duplicate (the prediction already has a label, which is kept).
/// </summary>
public enum LabelOutcome
{
    Joined,
    Waiting,
    Expired,
    Duplicate,
}

public static class LabelOutcomeNames
{
    public static string Name(this LabelOutcome outcome) => outcome switch
    {
        LabelOutcome.Joined => "joined",
        LabelOutcome.Waiting => "waiting",
        LabelOutcome.Expired => "expired",
        _ => "duplicate",
    };
}

/// <summary>One label's outcome, for the counters.</summary>
public readonly record struct LabelTally(string Tenant, LabelOutcome Outcome);

/// <summary>What applying a batch changed: the label outcomes, and the versions that gained labelled predictions.</summary>
public sealed record StoreChange(IReadOnlyList<LabelTally> Labels, IReadOnlySet<VersionKey> Touched);

/// <summary>A labelled prediction in a version's window; the label still as JSON.</summary>
public sealed record LabelledPrediction(double Score, string LabelJson, DateTimeOffset PredictedAt, long LabelSequence);

/// <summary>Whether a version's decay alert stands, and when it was last raised.</summary>
public sealed record AlertState(bool Active, DateTimeOffset AlertedAt);
