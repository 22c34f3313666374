using Keel.Explain;
using Keel.Features.Definitions;
using Keel.Lifecycle;
using Keel.ModelRegistry;
using Keel.Storage.Artifacts;
using Microsoft.Extensions.Logging;
using Keel.Storage.Caching;

namespace Keel.Governance;

/// <summary>A version's explainer and the types of its training set's columns, which logged values are read back by.</summary>
public sealed record VersionExplainer(IExplainer Explainer, IReadOnlyDictionary<string, FeatureType> FeatureTypes);

/// <summary>
/// The explainer of a version, built as serving builds it: from the version's ML.NET model with its
/// training set as background (exact TreeSHAP for the tree models Keel trains), so an explanation
/// computed now is the one serving would have given. Building one reads and scores the training set,
/// so a few are kept; questions about a prediction tend to come in bursts about one model.
/// </summary>
public sealed class VersionExplainers(IArtifactStore artifacts, DatasetSnapshots datasets, ILogger<VersionExplainers> logger)
{
    private readonly BoundedTaskCache<(string Tenant, string Model, int Version), VersionExplainer> _explainers = new(capacity: 4);

    public Task<VersionExplainer> GetAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        return _explainers.GetAsync((version.Tenant, version.ModelName, version.Version), () => BuildAsync(version), cancellationToken);
    }

    private async Task<VersionExplainer> BuildAsync(ModelVersion version)
    {
        var model = version.Artifacts.GetValueOrDefault(RunArtifacts.MlNetModel)?.Sha256;
        var manifest = version.Artifacts.GetValueOrDefault(RunArtifacts.DatasetManifest)?.Sha256;
        if (model is null || manifest is null)
        {
            throw new InvalidOperationException(
                $"Version {version.Version} of '{version.ModelName}' was registered without its ML.NET model or training set, so it cannot be explained.");
        }
        // Built for whoever asks first and shared, so no one caller's cancellation may abandon it.
        var cancellationToken = CancellationToken.None;
        var bytes = await artifacts.ReadBytesAsync(model, cancellationToken);
        var training = await datasets.LoadAsync(manifest, cancellationToken);
        var explainer = await Task.Run(() => Explainers.For(bytes, training.Frame), cancellationToken);
        logger.LogInformation("Built the {Method} explainer of {Model} version {Version} over {Rows} training rows for a governance answer",
            explainer.Method, version.ModelName, version.Version, training.Frame.RowCount);
        return new VersionExplainer(explainer, training.Frame.Columns.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal));
    }
}
