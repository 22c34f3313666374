using Keel.Features.Registry;

namespace Keel.Features.Offline;

/// <summary>
/// Builds training sets from the offline store: the repository's label view supplies the
/// entity/timestamp frame and the label, the feature service the features, joined point in time.
/// </summary>
public sealed class TrainingSetService(IFeatureRegistry registry, IOfflineStore offline)
{
    public async Task<TrainingSet> BuildAsync(string tenant, string serviceName, string? labelViewName, CancellationToken cancellationToken)
    {
        var snapshot = await registry.SnapshotAsync(tenant, cancellationToken);
        var service = snapshot.Service(serviceName) ?? throw new UnknownFeatureException($"feature service '{serviceName}'");
        var repository = snapshot.RepositoryOfService(serviceName)!;
        labelViewName ??= repository.Repository.LabelView
            ?? throw new ArgumentException($"labelView: the repository of '{serviceName}' declares no label view; name one");
        var labelView = snapshot.View(labelViewName) ?? throw new UnknownFeatureException($"feature view '{labelViewName}'");

        var selections = service.Features.Select(reference =>
        {
            var view = snapshot.View(reference.View) ?? throw new UnknownFeatureException($"feature view '{reference.View}'");
            return new ViewSelection(view.Definition, view.Version, reference.Names.Count == 0 ? view.Compiled.FeatureNames : reference.Names);
        }).ToArray();
        var labelSelection = new ViewSelection(labelView.Definition, labelView.Version, labelView.Compiled.FeatureNames);

        var frame = await offline.GetTrainingSetAsync(tenant, labelSelection, selections, cancellationToken);

        // Plain feature names: the service guarantees they are unique, and serving uses them.
        var columns = frame.Columns.Select(c =>
        {
            var separator = c.Name.IndexOf("__", StringComparison.Ordinal);
            return separator < 0 ? c : c with { Name = c.Name[(separator + 2)..] };
        }).GroupBy(c => c.Name).Select(g => g.First()).ToArray();
        var renamed = new FeatureFrame(frame.EntityKeys, frame.Timestamps, columns);

        var versions = selections.Append(labelSelection)
            .GroupBy(s => s.View.Name)
            .ToDictionary(g => g.Key, g => g.First().Version);
        return new TrainingSet(serviceName, labelViewName, repository.Repository.Dataset.LabelColumn, versions, renamed);
    }
}
