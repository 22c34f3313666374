namespace Keel.ModelRegistry;

/// <summary>
/// One registered version of a model. Everything but <paramref name="Stage"/>,
/// <paramref name="Revision"/>, <paramref name="UpdatedAt"/> and the attached
/// <paramref name="Artifacts"/> is fixed when the version is created: the ONNX artifact it is
/// bound to, its lineage and its metrics never change (the database refuses it too).
/// <paramref name="Revision"/> starts at 1 and grows by one with every change of the version
/// (a stage transition, an attached artifact); a caller that read revision N may ask for a
/// change only if it is still N, which is the registry's optimistic concurrency.
/// </summary>
public sealed record ModelVersion(
    string Tenant,
    string ModelName,
    int Version,
    string ArtifactSha256,
    IReadOnlyDictionary<string, VersionArtifact> Artifacts,
    string? RunId,
    string? Description,
    IReadOnlyDictionary<string, double> Metrics,
    Lineage Lineage,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    ModelStage Stage,
    long Revision,
    DateTimeOffset UpdatedAt);
