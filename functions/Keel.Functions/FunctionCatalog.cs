using Keel.Security.Permissions;

namespace Keel.Functions;

/// <summary>
/// The one declaration of every handler's trigger: HTTP route, topic and push route, or
/// schedule. The embedded host maps from it, the Azure Functions host binds its constants,
/// and a test keeps <c>components/</c> and <c>dapr.yaml</c> in step with it.
/// </summary>
public static class FunctionCatalog
{
    /// <summary>Azure Functions puts HTTP routes under this prefix (host.json <c>routePrefix</c>); the embedded host does the same.</summary>
    public const string RoutePrefix = "api";


    /// <summary>The Dapr app id of the Functions host.</summary>
    public const string AppId = "keel-functions";

    public static class Routes
    {
        public const string Events = "events";
        public const string OnlineFeatures = "features/online";
        public const string ApplyRepository = "features/apply";
        public const string ListFeatures = "features";
        public const string TrainingSet = "features/training-set";
        public const string MaterializeRange = "features/materialize";
        public const string MaterializeFeaturesPush = "dapr/materialize-features";
        public const string DetectDriftPush = "dapr/detect-drift";
        public const string Runs = "runs";
        public const string Run = "runs/{id}";
        public const string Models = "models";
        public const string Model = "models/{name}";
        public const string ModelVersion = "models/{name}/versions/{version:int}";
        public const string ModelVersionStage = "models/{name}/versions/{version:int}/stage";
        public const string ModelAlias = "models/{name}/aliases/{alias}";
        public const string ModelArtifact = "models/{name}/versions/{version:int}/artifacts/{artifact}";
        public const string Feedback = "feedback";
        public const string TrackDecayPredictionsPush = "dapr/track-decay-predictions";
        public const string TrackDecayFeedbackPush = "dapr/track-decay-feedback";
        public const string DriftReport = "reports/drift/{model}";
        public const string DecayReport = "reports/decay/{model}";
        public const string AuditExport = "audit/export";
        public const string AuditEntries = "audit/entries";
        public const string PredictionGovernance = "predictions/{id}/governance";
        public const string IndexPredictionsPush = "dapr/index-predictions";
        public const string DetectCostAnomalyPush = "dapr/detect-cost-anomaly";
        public const string BatchScoring = "batch-scoring";
        public const string LifecycleApply = "lifecycle/apply";
        public const string CostReport = "costs/report";
        public const string CostPerPrediction = "costs/per-prediction";
        public const string IdleEndpoints = "costs/idle";
        public const string RecordCostsPush = "dapr/record-costs";
    }

    public static class Schedules
    {
        /// <summary>Every 15 minutes: load the online store from offline rows newer than the last run (NCRONTAB, seconds first).</summary>
        public const string MaterializeFeatureRange = "0 */15 * * * *";

        /// <summary>
        /// Every 5 minutes: batch scoring looks whether a job's occurrence (Keel:BatchScoring:Schedule, off-peak by
        /// default, possibly deferred to the cheapest hour by the price book) is due; the tick is not the job's schedule.
        /// </summary>
        public const string ScoreBatches = "0 */5 * * * *";

        /// <summary>02:30 UTC daily: the artifact lifecycle policy, in Keel:Retention:ScheduledMode (a dry run unless set to apply).</summary>
        public const string ApplyRetention = "0 30 2 * * *";
    }

    public static class Names
    {
        public const string IngestEvents = "IngestEvents";
        public const string ReadOnlineFeatures = "ReadOnlineFeatures";
        public const string ApplyFeatureRepository = "ApplyFeatureRepository";
        public const string ListFeatures = "ListFeatures";
        public const string BuildTrainingSet = "BuildTrainingSet";
        public const string MaterializeFeatures = "MaterializeFeatures";
        public const string MaterializeFeatureRange = "MaterializeFeatureRange";
        public const string MaterializeFeatureRangeNow = "MaterializeFeatureRangeNow";
        public const string ListRuns = "ListRuns";
        public const string GetRun = "GetRun";
        public const string ListModels = "ListModels";
        public const string GetModel = "GetModel";
        public const string GetModelVersion = "GetModelVersion";
        public const string TransitionModelVersion = "TransitionModelVersion";
        public const string SetModelAlias = "SetModelAlias";
        public const string GetModelArtifact = "GetModelArtifact";
        public const string RecordFeedback = "RecordFeedback";
        public const string DetectDrift = "DetectDrift";
        public const string TrackDecayPredictions = "TrackDecayPredictions";
        public const string TrackDecayFeedback = "TrackDecayFeedback";
        public const string GetDriftReport = "GetDriftReport";
        public const string GetDecayReport = "GetDecayReport";
        public const string ExportAudit = "ExportAudit";
        public const string ShowAuditEntries = "ShowAuditEntries";
        public const string GetPredictionGovernance = "GetPredictionGovernance";
        public const string IndexPredictions = "IndexPredictions";
        public const string DetectCostAnomaly = "DetectCostAnomaly";
        public const string ScoreBatch = "ScoreBatch";
        public const string ScoreBatches = "ScoreBatches";
        public const string ApplyRetention = "ApplyRetention";
        public const string ApplyRetentionNow = "ApplyRetentionNow";
        public const string GetCostReport = "GetCostReport";
        public const string GetCostPerPrediction = "GetCostPerPrediction";
        public const string ListIdleEndpoints = "ListIdleEndpoints";
        public const string RecordCosts = "RecordCosts";
        public const string MeterStorage = "MeterStorage";
    }

    public static IReadOnlyList<FunctionDefinition> All { get; } =
    [
        new HttpFunction(Names.IngestEvents, "POST", Routes.Events, Permission.IngestEvents),
        new HttpFunction(Names.ReadOnlineFeatures, "POST", Routes.OnlineFeatures, Permission.ReadFeatures),
        new HttpFunction(Names.ApplyFeatureRepository, "POST", Routes.ApplyRepository, Permission.WriteFeatures),
        new HttpFunction(Names.ListFeatures, "GET", Routes.ListFeatures, Permission.ReadFeatures),
        new HttpFunction(Names.BuildTrainingSet, "POST", Routes.TrainingSet, Permission.Train),
        new HttpFunction(Names.MaterializeFeatureRangeNow, "POST", Routes.MaterializeRange, Permission.WriteFeatures),
        new HttpFunction(Names.ListRuns, "GET", Routes.Runs, Permission.ReadRuns),
        new HttpFunction(Names.GetRun, "GET", Routes.Run, Permission.ReadRuns),
        new HttpFunction(Names.ListModels, "GET", Routes.Models, Permission.ReadModels),
        new HttpFunction(Names.GetModel, "GET", Routes.Model, Permission.ReadModels),
        new HttpFunction(Names.GetModelVersion, "GET", Routes.ModelVersion, Permission.ReadModels),
        new HttpFunction(Names.TransitionModelVersion, "POST", Routes.ModelVersionStage, Permission.TransitionModels),
        new HttpFunction(Names.SetModelAlias, "POST", Routes.ModelAlias, Permission.TransitionModels),
        new HttpFunction(Names.GetModelArtifact, "GET", Routes.ModelArtifact, Permission.ReadModels),
        new HttpFunction(Names.RecordFeedback, "POST", Routes.Feedback, Permission.SendFeedback),
        new HttpFunction(Names.GetDriftReport, "GET", Routes.DriftReport, Permission.ReadReports),
        new HttpFunction(Names.GetDecayReport, "GET", Routes.DecayReport, Permission.ReadReports),
        new HttpFunction(Names.ExportAudit, "GET", Routes.AuditExport, Permission.ReadAudit),
        new HttpFunction(Names.ShowAuditEntries, "GET", Routes.AuditEntries, Permission.ReadAudit),
        new HttpFunction(Names.ScoreBatch, "POST", Routes.BatchScoring, Permission.Train),
        new TimerFunction(Names.ScoreBatches, Schedules.ScoreBatches),
        new HttpFunction(Names.GetCostReport, "GET", Routes.CostReport, Permission.ReadReports),
        new HttpFunction(Names.GetCostPerPrediction, "GET", Routes.CostPerPrediction, Permission.ReadReports),
        new HttpFunction(Names.ListIdleEndpoints, "GET", Routes.IdleEndpoints, Permission.ReadReports),
        new TopicFunction(Names.RecordCosts, Keel.Events.KeelTopics.Costs, Routes.RecordCostsPush, Handlers.RecordCosts.ConsumerGroup),
        new TimerFunction(Names.MeterStorage, Handlers.MeterStorage.Schedule),
        new HttpFunction(Names.ApplyRetentionNow, "POST", Routes.LifecycleApply, Permission.ManagePolicies),
        new TimerFunction(Names.ApplyRetention, Schedules.ApplyRetention),
        new HttpFunction(Names.GetPredictionGovernance, "GET", Routes.PredictionGovernance, Permission.ReadLineage),
        new TopicFunction(Names.MaterializeFeatures, Keel.Events.KeelTopics.Records, Routes.MaterializeFeaturesPush, "keel-materialize-features"),
        new TopicFunction(Names.TrackDecayPredictions, Keel.Events.KeelTopics.Predictions, Routes.TrackDecayPredictionsPush, "keel-track-decay-predictions"),
        new TopicFunction(Names.TrackDecayFeedback, Keel.Events.KeelTopics.Feedback, Routes.TrackDecayFeedbackPush, "keel-track-decay-feedback"),
        new TimerFunction(Names.MaterializeFeatureRange, Schedules.MaterializeFeatureRange),
        new TopicFunction(Names.DetectDrift, Keel.Events.KeelTopics.Predictions, Routes.DetectDriftPush, "keel-detect-drift"),
        new TopicFunction(Names.DetectCostAnomaly, Keel.Events.KeelTopics.Costs, Routes.DetectCostAnomalyPush, "keel-detect-cost-anomaly"),
        new TopicFunction(Names.IndexPredictions, Keel.Events.KeelTopics.Predictions, Routes.IndexPredictionsPush, Keel.Governance.IndexPredictions.ConsumerGroup),
    ];
}

/// <summary>A handler and what triggers it.</summary>
public abstract record FunctionDefinition(string Name);

/// <summary>Triggered by an HTTP request on <c>/api/{Route}</c>.</summary>
/// <see cref="Permission"/> is what a caller needs: the embedded host requires it as the endpoint's
/// policy, the Functions host checks it before the handler runs.
public sealed record HttpFunction(string Name, string Method, string Route, Permission Permission) : FunctionDefinition(Name)
{
    public string Path => "/" + FunctionCatalog.RoutePrefix + "/" + Route;
}

/// <summary>
/// Triggered by events on a topic: a Kafka consumer group in the embedded host, a Dapr push
/// subscription to <see cref="PushRoute"/> in production. Pushing needs <see cref="Keel.Security.Permissions.Permission.DeliverEvents"/>.
/// </summary>
public sealed record TopicFunction(string Name, string Topic, string PushRoute, string ConsumerGroup) : FunctionDefinition(Name)
{
    public string PushPath => "/" + FunctionCatalog.RoutePrefix + "/" + PushRoute;

    /// <summary>
    /// The Dapr pub/sub component that pushes this function's topic, named after its consumer group.
    /// Dapr delivers a topic once per component and app, so two functions of one app on one topic
    /// (DetectDrift and TrackDecayPredictions on keel.predictions) each need a component whose Kafka
    /// consumer group is their own — as each has its own group in the embedded host.
    /// </summary>
    public string PubSubComponent => ConsumerGroup;

    public string DeadLetterTopic => Keel.Events.KeelTopics.DeadLetterOf(Topic);
}

/// <summary>Triggered on a schedule (six-field NCRONTAB, seconds first, UTC).</summary>
public sealed record TimerFunction(string Name, string Schedule) : FunctionDefinition(Name);
