using System.Text.Json.Nodes;
using Keel.ModelRegistry;

namespace Keel.Governance;

/// <summary>The <c>details</c> of the registry's audit entries: what an auditor needs without opening the registry.</summary>
internal static class RegistryDetails
{
    public static JsonObject Created(RegisteredModel model) => new()
    {
        ["owner"] = model.Owner,
        ["description"] = model.Description,
        ["tags"] = Map(model.Tags),
    };

    public static JsonObject Registered(ModelVersion version) => new()
    {
        ["onnx_sha256"] = version.ArtifactSha256,
        ["run_id"] = version.RunId,
        ["stage"] = version.Stage.ToString(),
        ["dataset_snapshot_hash"] = version.Lineage.DatasetSnapshotHash,
        ["training_spec_hash"] = version.Lineage.TrainingSpecHash,
        ["feature_service"] = version.Lineage.FeatureService,
        ["code_version"] = version.Lineage.CodeVersion,
        ["parent_run_id"] = version.Lineage.ParentRunId,
        ["artifacts"] = Map(version.Artifacts.ToDictionary(a => a.Key, a => a.Value.Sha256)),
        ["metrics"] = new JsonObject(version.Metrics.Where(m => double.IsFinite(m.Value))
            .Select(m => KeyValuePair.Create(m.Key, (JsonNode?)JsonValue.Create(m.Value)))),
    };

    /// <param name="requestedVersion">The version the request moved; another one here was archived because the request replaced it in Production.</param>
    public static JsonObject Transition(StageTransition transition, int requestedVersion, ModelVersion after)
    {
        var details = new JsonObject
        {
            ["from"] = transition.From.ToString(),
            ["to"] = transition.To.ToString(),
            ["reason"] = transition.Reason,
            ["transition_sequence"] = transition.Sequence,
        };
        if (transition.Version == requestedVersion)
        {
            details["revision"] = after.Revision;
        }
        else
        {
            details["replaced_by_version"] = requestedVersion;
        }
        return details;
    }

    public static JsonObject Alias(string alias, int? fromVersion, int? toVersion, string reason) => new()
    {
        ["alias"] = alias,
        ["from_version"] = fromVersion,
        ["to_version"] = toVersion,
        ["reason"] = reason.Trim(),
    };

    private static JsonObject Map(IReadOnlyDictionary<string, string> values) =>
        new(values.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
}
