namespace Keel.ModelRegistry;

/// <summary>
/// What registering a version takes: the SHA-256 of its ONNX artifact and its lineage, and
/// optionally the run that trained it, its metrics, a description and further artifacts
/// (name → SHA-256). A run registers at most one version of a model: registering the same run
/// again returns the version it registered, which makes a retried registration harmless.
/// </summary>
public sealed record NewModelVersion(string ArtifactSha256, Lineage Lineage)
{
    public string? RunId { get; init; }

    public string? Description { get; init; }

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public IReadOnlyDictionary<string, string> Artifacts { get; init; } = new Dictionary<string, string>();
}
