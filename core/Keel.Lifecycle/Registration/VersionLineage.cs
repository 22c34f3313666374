using Keel.ModelCards;
using Keel.ModelRegistry;
using Keel.Training;

namespace Keel.Lifecycle;

/// <summary>A version's lineage, from the dataset snapshot and the spec that rebuilds the model, in the registry's and the model card's forms.</summary>
internal static class VersionLineage
{
    public static Lineage Of(DatasetManifest dataset, TrainingSpec modelSpec, string? parentRunId) => new()
    {
        DatasetSnapshotHash = dataset.DatasetSha256,
        RowCount = dataset.Rows,
        From = dataset.From,
        To = dataset.To,
        FeatureService = dataset.FeatureService,
        FeatureViews = dataset.ViewVersions,
        TrainingSpecHash = modelSpec.Hash,
        Seed = modelSpec.Seed,
        CodeVersion = CodeVersion.Current,
        ParentRunId = parentRunId,
        Label = modelSpec.Label,
    };

    public static TrainingLineage ForCard(Lineage lineage) => new()
    {
        DatasetHash = lineage.DatasetSnapshotHash,
        Rows = lineage.RowCount,
        From = lineage.From,
        To = lineage.To,
        FeatureService = lineage.FeatureService ?? "",
        ViewVersions = new SortedDictionary<string, string>(lineage.FeatureViews.ToDictionary(), StringComparer.Ordinal),
        SpecHash = lineage.TrainingSpecHash,
        Seed = lineage.Seed,
        CodeVersion = lineage.CodeVersion,
        ParentRun = lineage.ParentRunId,
    };
}
