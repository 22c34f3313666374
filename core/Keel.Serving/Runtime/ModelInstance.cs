using Microsoft.ML.OnnxRuntime;

namespace Keel.Serving.Runtime;

/// <summary>
/// One loaded, warmed version of a model: its session behind its batcher. It is reference
/// counted: the host holds one reference while the version is loaded and every request holds a
/// lease, so unloading (or swapping out) a version lets requests already on it finish, and the
/// session is disposed only after the last lease is released.
/// </summary>
internal sealed class ModelInstance
{
    private int _references = 1;
    private int _unloaded;

    public ModelInstance(string tenant, string model, int version, string artifactSha256, ModelSignature signature, DynamicBatcher batcher, string provider)
    {
        Tenant = tenant;
        Model = model;
        Version = version;
        ArtifactSha256 = artifactSha256;
        Signature = signature;
        Batcher = batcher;
        Provider = provider;
    }

    public string Tenant { get; }

    public string Model { get; }

    public int Version { get; }

    public string ArtifactSha256 { get; }

    public ModelSignature Signature { get; }

    public DynamicBatcher Batcher { get; }

    public string Provider { get; }

    public DateTimeOffset LoadedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>Takes a lease unless the version is already drained; a caller that fails looks the model up again.</summary>
    public bool TryAcquire()
    {
        var current = Volatile.Read(ref _references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return true;
            }
            current = seen;
        }
        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Batcher.Close();
        }
    }

    /// <summary>Drops the host's reference, once; the session goes when the requests on it are done.</summary>
    public void Unload()
    {
        if (Interlocked.Exchange(ref _unloaded, 1) == 0)
        {
            Release();
        }
    }

    public Task Drained => Batcher.Completion;

    internal static void Warm(InferenceSession session, ModelSignature signature, int runs)
    {
        var input = BatchRunner.Warmup(signature);
        for (var i = 0; i < Math.Max(1, runs); i++)
        {
            BatchRunner.Run(session, signature, [input]);
        }
    }
}

/// <summary>
/// A request's hold on a loaded model version: while it is held the version's session stays
/// alive even if the version is unloaded or swapped out. Dispose it when the request is done.
/// </summary>
public sealed class ModelLease : IDisposable
{
    private readonly ModelInstance _instance;
    private int _released;

    internal ModelLease(ModelInstance instance) => _instance = instance;

    public string Model => _instance.Model;

    public int Version => _instance.Version;

    public ModelSignature Signature => _instance.Signature;

    internal ModelInstance Instance => _instance;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _instance.Release();
        }
    }
}

/// <summary>A loaded model version as the host reports it.</summary>
public sealed record LoadedVersion(
    string Tenant,
    string Model,
    int Version,
    string ArtifactSha256,
    bool IsCurrent,
    DateTimeOffset LoadedAt,
    string ExecutionProvider,
    int QueueDepth,
    int PeakQueueDepth,
    int QueueCapacity,
    ModelSignature Signature);
