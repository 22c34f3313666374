using System.Collections.Frozen;
using System.Text.Json;
using Json.Schema;

namespace Keel.Events;

/// <summary>
/// The catalogue of Keel event types with their data schemas, loaded from the schema
/// resources shipped in this assembly.
/// </summary>
public sealed class EventCatalog
{
    private static readonly EventTypeDescriptor[] Descriptors =
    [
        new(KeelEventTypes.RecordIngested,
            "A record of a dataset arrived; its entity key and column values are in data, its event time in the time attribute.",
            KeelTopics.Records,
            "dev.keel.record.ingested.v1.json",
            ["time", "subject"],
            AcceptedAtIngest: true)
        {
            FastCheck = Schemas.RecordIngestedShape.IsValid,
        },
        new(KeelEventTypes.FeaturesMaterialized,
            "A batch of feature rows was written to the online and offline stores.",
            KeelTopics.Features,
            "dev.keel.features.materialized.v1.json",
            [],
            AcceptedAtIngest: false),
        new(KeelEventTypes.ModelDeployed,
            "A model version reached Production; serving loads the ONNX artifact named by its SHA-256.",
            KeelTopics.Models,
            "dev.keel.model.deployed.v1.json",
            ["subject"],
            AcceptedAtIngest: false),
        new(KeelEventTypes.ModelCanaryStarted,
            "A version serves a share of a model's traffic beside the Production version until canary analysis decides. Subject is the model.",
            KeelTopics.Models,
            "dev.keel.model.canary.started.v1.json",
            ["subject"],
            AcceptedAtIngest: false),
        new(KeelEventTypes.ModelCanaryRolledBack,
            "A canary was rolled back and archived; serving gives all traffic back to the stable version. Subject is the model.",
            KeelTopics.Models,
            "dev.keel.model.canary.rolledback.v1.json",
            ["subject"],
            AcceptedAtIngest: false),
        new(KeelEventTypes.CanaryRecommended,
            "Canary analysis recommends promoting or rolling back a canary, with its checks and numbers; forwarded to the waiting workflow. Subject is the model.",
            KeelTopics.Models,
            "dev.keel.canary.recommended.v1.json",
            ["subject"],
            AcceptedAtIngest: false),
        new(KeelEventTypes.PredictionLogged,
            "A prediction was served (or scored in shadow): features with their view versions, output, latency and explanation. Subject is the model.",
            KeelTopics.Predictions,
            "dev.keel.prediction.logged.v1.json",
            ["time", "subject"],
            AcceptedAtIngest: false),
        new(KeelEventTypes.FeedbackLabel,
            "The label observed for an earlier prediction, for drift and decay tracking. Subject is the prediction id.",
            KeelTopics.Feedback,
            "dev.keel.feedback.label.v1.json",
            ["time", "subject"],
            AcceptedAtIngest: false),
        new(KeelEventTypes.DecayDetected,
            "A version's live metrics over its latest labelled predictions fell below its registered holdout metrics by more than the allowed margin: which metrics, live and registered values, label count. Subject is the model.",
            KeelTopics.Alerts,
            "dev.keel.decay.detected.v1.json",
            ["time", "subject"],
            AcceptedAtIngest: false),
        new(KeelEventTypes.DriftDetected,
            "A window of a model version's live predictions drifted from the version's training reference: per-feature tests, the drifted features and share, dataset and score drift, the window. Subject is the model.",
            KeelTopics.Alerts,
            "dev.keel.drift.detected.v1.json",
            ["subject"],
            AcceptedAtIngest: false),
        new(KeelEventTypes.DataQuality,
            "A window of a model version's live predictions has data-quality findings against the training reference (missing-rate rise, out-of-range values, unseen categories, column mismatch). Subject is the model.",
            KeelTopics.Alerts,
            "dev.keel.data.quality.v1.json",
            ["subject"],
            AcceptedAtIngest: false),
        new(KeelEventTypes.CostAnomaly,
            "A cost series' hour cost more than its expected band (same hour of week over past weeks, raised to the recent level) allows: observed cost, band, score and the contributors that rose most over their usual share. Subject is the series' tags.",
            KeelTopics.Alerts,
            "dev.keel.cost.anomaly.v1.json",
            ["time", "subject"],
            AcceptedAtIngest: false),
        new(KeelEventTypes.CostMetered,
            "Usage of one resource over a time span (training run, inference batch share, stored bytes, egress, tokens) with its attribution tags; untagged values are the literal 'untagged'. Priced at attribution, not here, so a corrected price book reprices history.",
            KeelTopics.Costs,
            "dev.keel.cost.metered.v1.json",
            ["time"],
            AcceptedAtIngest: false),
    ];

    private static readonly EvaluationOptions FlagOptions = new() { OutputFormat = OutputFormat.Flag };
    private static readonly EvaluationOptions ListOptions = new() { OutputFormat = OutputFormat.List };

    private readonly FrozenDictionary<string, Entry> _entries;

    public static EventCatalog Default { get; } = new();

    private EventCatalog()
    {
        _entries = Descriptors.ToFrozenDictionary(d => d.Type, d => new Entry(d, LoadSchema(d.SchemaResource)));
    }

    public IReadOnlyCollection<EventTypeDescriptor> Types => Descriptors;

    public bool TryGet(string type, out EventTypeDescriptor descriptor)
    {
        if (_entries.TryGetValue(type, out var entry))
        {
            descriptor = entry.Descriptor;
            return true;
        }
        descriptor = null!;
        return false;
    }

    /// <summary>The JSON text of a type's data schema, as published to users.</summary>
    public static string SchemaText(string resource)
    {
        using var stream = typeof(EventCatalog).Assembly.GetManifestResourceStream("Keel.Events.Schemas." + resource)
            ?? throw new InvalidOperationException($"Event schema resource '{resource}' is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Whether the published JSON Schema accepts a type's data (the reference the coded checks are held to).</summary>
    public bool SchemaAccepts(string type, JsonElement data) => _entries[type].Schema.Evaluate(data, FlagOptions).IsValid;

    /// <summary>Validates a type's data and returns one problem per failing location of the data.</summary>
    public IReadOnlyList<EventProblem> ValidateData(string type, JsonElement data)
    {
        var entry = _entries[type];
        // Valid events are nearly all of them: answer them with the type's coded check when it has
        // one, else with the flag format, which stops at the first failure and collects nothing.
        // Only an invalid event is evaluated again for the detailed problems.
        var valid = entry.Descriptor.FastCheck is { } check ? check(data) : entry.Schema.Evaluate(data, FlagOptions).IsValid;
        if (valid)
        {
            return [];
        }
        var result = entry.Schema.Evaluate(data, ListOptions);
        var problems = new List<EventProblem>();
        foreach (var detail in result.Details ?? [])
        {
            if (detail.Errors is null)
            {
                continue;
            }
            foreach (var (_, message) in detail.Errors)
            {
                problems.Add(new EventProblem("data" + detail.InstanceLocation.ToString(), message));
            }
        }
        if (problems.Count == 0)
        {
            problems.Add(new EventProblem("data", "does not match the schema of " + type));
        }
        return problems;
    }

    private static JsonSchema LoadSchema(string resource)
    {
        // A private registry keeps the schemas' $id values from colliding with any other
        // catalogue instance or user schema in the process.
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        return JsonSchema.FromText(SchemaText(resource), options);
    }

    private sealed record Entry(EventTypeDescriptor Descriptor, JsonSchema Schema);
}
