using Keel.Features.Definitions;
using Keel.Features.Transformations;

namespace Keel.Features.Registry;

/// <summary>A tenant's current definitions, compiled and indexed for the hot paths (materialization, online reads).</summary>
public sealed class RegistrySnapshot
{
    private readonly Dictionary<string, RegisteredView> _views;
    private readonly Dictionary<string, RegisteredRepository> _repositories;
    private readonly Dictionary<string, RegisteredRepository> _byDataset;
    private readonly Dictionary<string, (RegisteredRepository Repository, FeatureServiceDefinition Service)> _services;

    public RegistrySnapshot(string tenant, IReadOnlyList<RegisteredRepository> repositories)
    {
        Tenant = tenant;
        Repositories = repositories;
        _repositories = repositories.ToDictionary(r => r.Repository.Project);
        _byDataset = repositories.ToDictionary(r => r.Repository.Dataset.Name);
        _views = repositories.SelectMany(r => r.Views).ToDictionary(v => v.Name);
        _services = repositories.SelectMany(r => r.Repository.FeatureServices.Select(s => (r, s))).ToDictionary(p => p.s.Name);
    }

    public string Tenant { get; }

    public IReadOnlyList<RegisteredRepository> Repositories { get; }

    public IEnumerable<RegisteredView> Views => _views.Values;

    public RegisteredView? View(string name) => _views.GetValueOrDefault(name);

    public RegisteredRepository? Repository(string project) => _repositories.GetValueOrDefault(project);

    public RegisteredRepository? ForDataset(string dataset) => _byDataset.GetValueOrDefault(dataset);

    public FeatureServiceDefinition? Service(string name) => _services.TryGetValue(name, out var entry) ? entry.Service : null;

    public RegisteredRepository? RepositoryOfService(string name) => _services.TryGetValue(name, out var entry) ? entry.Repository : null;

    public IEnumerable<FeatureServiceDefinition> Services => _services.Values.Select(v => v.Service);
}

/// <summary>A registered repository with its version and its views compiled against its dataset.</summary>
public sealed record RegisteredRepository(FeatureRepository Repository, string Version, string DatasetVersion, IReadOnlyList<RegisteredView> Views);

/// <summary>A current view: definition, version and the compiled form that turns records into rows.</summary>
public sealed record RegisteredView(FeatureViewDefinition Definition, string Version, CompiledView Compiled)
{
    public string Name => Definition.Name;
}
