namespace Keel.Events;

/// <summary>Names of the Kafka topics Keel's events travel on.</summary>
public static class KeelTopics
{
    public const string Records = "keel.records";
    public const string Features = "keel.features";

    /// <summary>The model life cycle: versions deployed (and, as the platform grows, registered, promoted, rolled back).</summary>
    public const string Models = "keel.models";

    /// <summary>Every prediction Keel serves, keyed by tenant and model so a model's predictions stay in order.</summary>
    public const string Predictions = "keel.predictions";

    /// <summary>Labels observed for earlier predictions.</summary>
    public const string Feedback = "keel.feedback";

    /// <summary>Monitoring's alerts (drift, data quality): what starts retraining and pages people.</summary>
    public const string Alerts = "keel.alerts";

    /// <summary>Metered resource usage, priced and attributed downstream; keyed by tenant.</summary>
    public const string Costs = "keel.costs";

    /// <summary>The logical source of events received over HTTP; what ingestion rejects goes to its dead-letter topic.</summary>
    public const string Ingest = "keel.ingest";

    /// <summary>Every topic's dead letters go to a sibling topic with this suffix.</summary>
    public const string DeadLetterSuffix = ".dlq";

    public static string DeadLetterOf(string topic) => topic + DeadLetterSuffix;
}
