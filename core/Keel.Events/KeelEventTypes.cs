namespace Keel.Events;

/// <summary>The CloudEvent <c>type</c> values Keel produces and consumes.</summary>
public static class KeelEventTypes
{
    public const string RecordIngested = "dev.keel.record.ingested.v1";
    public const string FeaturesMaterialized = "dev.keel.features.materialized.v1";

    /// <summary>A model version reached Production: serving loads its ONNX artifact.</summary>
    public const string ModelDeployed = "dev.keel.model.deployed.v1";

    /// <summary>One prediction served (or shadow-scored): its inputs, output, latency and explanation.</summary>
    public const string PredictionLogged = "dev.keel.prediction.logged.v1";

    /// <summary>The observed outcome (label) of an earlier prediction, joined to it by prediction id.</summary>
    public const string FeedbackLabel = "dev.keel.feedback.label.v1";
}
