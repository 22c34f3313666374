using System.Collections.Concurrent;
using System.Collections.Immutable;
using Keel.Serving.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Serving.Runtime;

/// <summary>
/// The models being served: per tenant and model, the loaded versions and the current one (what
/// a request without a version gets). A version is loaded and warmed before it is published;
/// making it current is one atomic swap, and a version unloaded or pushed out lives on until
/// the requests already on it are done, so no request fails because of a swap.
/// </summary>
public sealed partial class ModelHost : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Tenant, string Model), ModelSlot> _slots = new();
    private readonly ModelLoader _loader;
    private readonly SessionFactory _sessions;
    private readonly ServingOptions _options;
    private readonly ServingMetrics _metrics;
    private readonly ILogger<ModelHost> _logger;
    private readonly IBatchObserver? _observer;

    /// <param name="batchObserver">Told of every session run (metering); none by default.</param>
    public ModelHost(ModelLoader loader, SessionFactory sessions, IOptions<ServingOptions> options, ServingMetrics metrics, ILogger<ModelHost> logger,
        IBatchObserver? batchObserver = null)
    {
        _observer = batchObserver is NoBatchObserver ? null : batchObserver;
        _loader = loader;
        _sessions = sessions;
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The execution provider sessions run on.</summary>
    public string ExecutionProvider => _sessions.ActiveProvider;

    public ServingOptions Options => _options;

    /// <summary>
    /// Loads a registered version (without one: the champion, else the Production version) unless
    /// it is loaded already, and makes it current when <paramref name="makeCurrent"/> or when the
    /// model has no current version yet. Beyond <see cref="ServingOptions.MaxLoadedVersions"/> the
    /// oldest version that is not current is unloaded.
    /// </summary>
    public async Task<LoadedVersion> LoadAsync(string tenant, string model, int? version, bool makeCurrent, CancellationToken cancellationToken)
    {
        var resolved = await _loader.ResolveAsync(tenant, model, version, cancellationToken);
        var slot = _slots.GetOrAdd((tenant, model), _ => new ModelSlot());
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            var state = slot.State;
            if (!state.Versions.TryGetValue(resolved.Version, out var instance))
            {
                var (session, signature) = await _loader.OpenAsync(resolved, _options.WarmupRuns, cancellationToken);
                var name = $"model '{model}' version {resolved.Version}";
                var reporter = _observer is null ? null : new BatchReporter(_observer, tenant, model, resolved.Version, _sessions.ActiveProvider, _logger);
                var batcher = new DynamicBatcher(session, signature, _options, _metrics, _logger, name, reporter);
                _metrics.Track(batcher, tenant, model, resolved.Version);
                instance = new ModelInstance(tenant, model, resolved.Version, resolved.ArtifactSha256, signature, batcher, _sessions.ActiveProvider);
                _logger.LogInformation("Loaded {Model} version {Version} for {Tenant} on {Provider} (artifact {Sha})",
                    model, resolved.Version, tenant, instance.Provider, resolved.ArtifactSha256[..Math.Min(12, resolved.ArtifactSha256.Length)]);
            }
            var current = makeCurrent || state.Current is null ? instance : state.Current;
            var versions = state.Versions.SetItem(instance.Version, instance);
            var evicted = new List<ModelInstance>();
            foreach (var old in versions.Values.Where(v => v != current).OrderBy(v => v.LoadedAt).ToArray())
            {
                if (versions.Count <= Math.Max(1, _options.MaxLoadedVersions))
                {
                    break;
                }
                versions = versions.Remove(old.Version);
                evicted.Add(old);
            }
            // Published before anything is unloaded, so a request that finds an unloaded version finds its successor on a retry.
            slot.State = new SlotState(versions, current);
            foreach (var old in evicted)
            {
                _logger.LogInformation("Unloading {Model} version {Version} for {Tenant}: more than {Max} versions loaded", model, old.Version, tenant, _options.MaxLoadedVersions);
                old.Unload();
            }
            if (current != state.Current)
            {
                _logger.LogInformation("{Model} version {Version} is now current for {Tenant} (was {Previous})", model, current.Version, tenant, state.Current?.Version);
            }
            return Describe(instance, current);
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>Unloads a version that is not current; requests on it finish first. False when it is not loaded.</summary>
    public async Task<bool> UnloadAsync(string tenant, string model, int version, CancellationToken cancellationToken)
    {
        if (!_slots.TryGetValue((tenant, model), out var slot))
        {
            return false;
        }
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            var state = slot.State;
            if (!state.Versions.TryGetValue(version, out var instance))
            {
                return false;
            }
            if (state.Current == instance)
            {
                throw new InvalidOperationException($"Version {version} of '{model}' is current; make another version current before unloading it.");
            }
            slot.State = state with { Versions = state.Versions.Remove(version) };
            instance.Unload();
            return true;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>Every loaded version, by tenant, model and version.</summary>
    public IReadOnlyList<LoadedVersion> List() => _slots
        .SelectMany(pair => pair.Value.State.Versions.Values.Select(v => Describe(v, pair.Value.State.Current)))
        .OrderBy(v => v.Tenant, StringComparer.Ordinal).ThenBy(v => v.Model, StringComparer.Ordinal).ThenBy(v => v.Version)
        .ToArray();

    /// <summary>The loaded version asked for (the current one without a version), or null.</summary>
    public LoadedVersion? Find(string tenant, string model, int? version)
    {
        if (!_slots.TryGetValue((tenant, model), out var slot))
        {
            return null;
        }
        var state = slot.State;
        var instance = version is { } number ? state.Versions.GetValueOrDefault(number) : state.Current;
        return instance is null ? null : Describe(instance, state.Current);
    }

    /// <summary>Whether every model in <see cref="ServingOptions.Models"/> is loaded (with the version named, if one is).</summary>
    public bool ConfiguredModelsReady() =>
        _options.Models.All(m => Find(m.Tenant, m.Name, m.Version) is not null);

    /// <summary>
    /// A lease on the version asked for (the current one without a version); dispose it when done.
    /// <see cref="ModelNotFoundException"/> when it is not loaded.
    /// </summary>
    public ModelLease Acquire(string tenant, string model, int? version)
    {
        // A version unloaded between the look-up and the lease has a successor already published; look again.
        while (true)
        {
            if (!_slots.TryGetValue((tenant, model), out var slot) || slot.State.Current is null)
            {
                throw new ModelNotFoundException($"The model '{model}' is not loaded.");
            }
            var state = slot.State;
            var instance = version is { } number
                ? state.Versions.GetValueOrDefault(number) ?? throw new ModelNotFoundException(
                    $"Version {number} of the model '{model}' is not loaded; loaded: {string.Join(", ", state.Versions.Keys.Order())}.")
                : state.Current!;
            if (instance.TryAcquire())
            {
                return new ModelLease(instance);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        var instances = _slots.Values.SelectMany(s => s.State.Versions.Values).ToArray();
        _slots.Clear();
        foreach (var instance in instances)
        {
            instance.Unload();
        }
        try
        {
            await Task.WhenAll(instances.Select(i => i.Drained)).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A request still holding a lease after 30 s must not hold up shutdown; its session goes with the process.
            _logger.LogWarning("Stopped serving with requests still running on {Count} model versions", instances.Count(i => !i.Drained.IsCompleted));
        }
    }

    private static LoadedVersion Describe(ModelInstance instance, ModelInstance? current) => new(
        instance.Tenant, instance.Model, instance.Version, instance.ArtifactSha256, instance == current, instance.LoadedAt, instance.Provider,
        instance.Batcher.Depth, instance.Batcher.PeakDepth, instance.Batcher.Capacity, instance.Signature);

    /// <summary>The loaded versions of one model; replaced whole, so readers never lock.</summary>
    private sealed record SlotState(ImmutableDictionary<int, ModelInstance> Versions, ModelInstance? Current);

    private sealed class ModelSlot
    {
        private SlotState _state = new(ImmutableDictionary<int, ModelInstance>.Empty, null);

        /// <summary>Serialises loads of one model; requests never take it.</summary>
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public SlotState State
        {
            get => Volatile.Read(ref _state);
            set => Volatile.Write(ref _state, value);
        }
    }
}
