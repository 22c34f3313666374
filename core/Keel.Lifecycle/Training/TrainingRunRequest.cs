using Keel.Training;

namespace Keel.Lifecycle;

/// <summary>What to train (the spec), on which dataset snapshot, for whom, and how to label the run.</summary>
public sealed record TrainingRunRequest(string Tenant, TrainingSpec Spec, string DatasetManifestSha256, string Actor)
{
    /// <summary>Tags added to the spec's own and the model's name (a workflow instance, what a rebuild reproduces).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether the run ends as Finished once the model is trained and stored. The workflow leaves it
    /// open so that the champion comparison and the gate report are logged to the same run; the gate
    /// step ends it then.
    /// </summary>
    public bool EndWhenTrained { get; init; } = true;
}
