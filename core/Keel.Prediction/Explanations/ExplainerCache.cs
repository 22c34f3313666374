using Keel.Explain;
using Keel.Lifecycle;
using Keel.Storage.Artifacts;
using Microsoft.Extensions.Logging;
using Keel.Storage.Caching;

namespace Keel.Prediction;

/// <summary>
/// One explainer per version, built on the first request that asks for an explanation: from the
/// version's ML.NET model and, as background, the training set it was registered with — the rows
/// the expected value and the trees' covers are measured over. Building one reads the training set
/// and scores it, so it is done once and shared by concurrent requests; a bounded number are kept.
/// </summary>
public sealed class ExplainerCache(IArtifactStore artifacts, DatasetSnapshots datasets, ILogger<ExplainerCache> logger)
{
    // Each holds its model and background; a handful covers every version a replica serves at once.
    private readonly BoundedTaskCache<(string Tenant, string Model, int Version), IExplainer> _explainers = new(capacity: 8);

    public Task<IExplainer> GetAsync(ModelProfile profile, CancellationToken cancellationToken) =>
        _explainers.GetAsync((profile.Tenant, profile.Model, profile.Version), () => BuildAsync(profile), cancellationToken);

    private async Task<IExplainer> BuildAsync(ModelProfile profile)
    {
        if (profile.MlNetModelSha256 is null || profile.DatasetManifestSha256 is null)
        {
            throw new InvalidPredictionRequestException(
                $"Version {profile.Version} of '{profile.Model}' was registered without its ML.NET model or training set, so it cannot be explained.");
        }
        var cancellationToken = CancellationToken.None;
        var model = await artifacts.ReadBytesAsync(profile.MlNetModelSha256, cancellationToken);
        var training = await datasets.LoadAsync(profile.DatasetManifestSha256, cancellationToken);
        // Loading the model and scoring the background is CPU work; keep it off the request thread.
        var explainer = await Task.Run(() => Explainers.For(model, training.Frame), cancellationToken);
        logger.LogInformation("Built the {Method} explainer of {Model} version {Version} over {Rows} training rows",
            explainer.Method, profile.Model, profile.Version, training.Frame.RowCount);
        return explainer;
    }
}
