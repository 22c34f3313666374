namespace Keel.Events;

/// <summary>The CloudEvent <c>type</c> values Keel produces and consumes.</summary>
public static class KeelEventTypes
{
    public const string RecordIngested = "dev.keel.record.ingested.v1";
    public const string FeaturesMaterialized = "dev.keel.features.materialized.v1";

    /// <summary>A model version reached Production: serving loads its ONNX artifact.</summary>
    public const string ModelDeployed = "dev.keel.model.deployed.v1";

    /// <summary>A version went live beside the Production version for a share of traffic: serving splits the model's traffic.</summary>
    public const string ModelCanaryStarted = "dev.keel.model.canary.started.v1";

    /// <summary>A canary was rolled back (and archived): serving gives all traffic back to the stable version.</summary>
    public const string ModelCanaryRolledBack = "dev.keel.model.canary.rolledback.v1";

    /// <summary>Canary analysis recommends promoting or rolling back a canary; the deploy step of the workflow waits for it.</summary>
    public const string CanaryRecommended = "dev.keel.canary.recommended.v1";

    /// <summary>One prediction served (or shadow-scored): its inputs, output, latency and explanation.</summary>
    public const string PredictionLogged = "dev.keel.prediction.logged.v1";

    /// <summary>The observed outcome (label) of an earlier prediction, joined to it by prediction id.</summary>
    public const string FeedbackLabel = "dev.keel.feedback.label.v1";

    /// <summary>A window of a version's live predictions drifted from its training reference (the dataset, the score or both).</summary>
    public const string DriftDetected = "dev.keel.drift.detected.v1";

    /// <summary>A window of a version's live predictions has data-quality problems (missing values, out-of-range values, unseen categories).</summary>
    public const string DataQuality = "dev.keel.data.quality.v1";

    /// <summary>A version's live quality, measured on labelled predictions, fell below its registered holdout metrics by more than the allowed margin.</summary>
    public const string DecayDetected = "dev.keel.decay.detected.v1";

    /// <summary>Metered usage of one resource (compute, memory, GPU, storage, egress, tokens) with the tags that attribute its cost.</summary>
    public const string CostMetered = "dev.keel.cost.metered.v1";

    /// <summary>A cost series' hour cost more than its seasonal band allows: the band, the observed cost and the contributors that rose most.</summary>
    public const string CostAnomaly = "dev.keel.cost.anomaly.v1";
}
