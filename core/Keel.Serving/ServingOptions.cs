namespace Keel.Serving;

/// <summary>
/// How the inference service runs, bound from <c>Keel:Serving</c> (environment <c>KEEL__SERVING__…</c>).
/// The defaults need no configuration: CPU, one thread a run and half the cores' worth of runs at
/// once, batches of up to 64 rows, 1,024 queued requests per model version.
/// </summary>
public sealed class ServingOptions
{
    public const string Section = "Keel:Serving";

    /// <summary><c>cpu</c> or <c>cuda</c>; cuda falls back to CPU with a warning where the CUDA provider or a GPU is missing.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>The GPU to run on when <see cref="Device"/> is cuda.</summary>
    public int DeviceId { get; set; }

    /// <summary>
    /// Threads one session run may use; 0 lets ONNX Runtime decide. 1 by default, as
    /// <c>OnnxScorer</c> uses: runs side by side (<see cref="MaxConcurrentBatches"/>) keep the cores
    /// busy better than splitting one short run, and a run split over threads sums a tree
    /// ensemble's trees in another order, so a row's score would change in its last bits with the
    /// rows it happened to be batched with and with the machine's core count.
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Threads for running independent graph nodes in parallel; 0 lets ONNX Runtime decide.</summary>
    public int InterOpThreads { get; set; }

    /// <summary>
    /// Whether ONNX Runtime's pool threads spin for more work after each parallel step instead of
    /// sleeping. Off by default: the service's cores are shared by request handling and several
    /// runs at once, and the spinning took their CPU (two cores, ONNX Runtime choosing the thread
    /// count, batch-1 requests over HTTP: about 6,500 answers/s spinning, 8,500–9,500 not).
    /// </summary>
    public bool AllowSpinning { get; set; }

    /// <summary>The most rows one session run takes; a single request with more rows runs alone.</summary>
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>
    /// The longest the batcher waits for more requests once it holds one. It waits only for
    /// requests already on their way (callers reading their tensors), never on an idle queue.
    /// </summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// Session runs of one model version that may execute at once; by default half the cores (at
    /// least one), leaving the rest to the requests' own handling. While the runs are busy the
    /// requests that arrive queue up and form the next batch, which costs the model far less per
    /// row than a run each (on two cores, batch-1 requests over HTTP: about 8,500–9,500 answers/s
    /// with two runs at once, 11,000–12,000 with one).
    /// </summary>
    public int MaxConcurrentBatches { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Requests waiting per model version; beyond it requests are refused with 429.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>The Retry-After an overloaded model version answers with.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Runs on a default input before a loaded version reports ready, so the first request does not pay for lazy initialisation.</summary>
    public int WarmupRuns { get; set; } = 3;

    /// <summary>Versions of one model kept loaded; loading one more unloads the oldest that is not current.</summary>
    public int MaxLoadedVersions { get; set; } = 3;

    /// <summary>The largest inference request body, in bytes.</summary>
    public long MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How long to wait before trying again to load a configured model that could not be loaded (not registered yet, no champion).</summary>
    public TimeSpan LoadRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The models loaded at startup; the service is ready when all of them are.</summary>
    public List<ServedModel> Models { get; set; } = [];

    /// <summary>
    /// Serve every model deployed on <c>keel.models</c>, not only those in <see cref="Models"/>: what
    /// <c>keel up</c> does, where one process holds every model; a production replica serves its list.
    /// </summary>
    public bool FollowAllDeployments { get; set; }
}

/// <summary>
/// A model to load at startup. Without a version it is the one the <c>champion</c> alias points
/// to, else the version in Production.
/// </summary>
public sealed class ServedModel
{
    public string Tenant { get; set; } = Keel.Events.TenantName.Default;

    public string Name { get; set; } = "";

    public int? Version { get; set; }

    /// <summary>The team its serving cost is charged to (cost attribution); untagged when unset.</summary>
    public string? Team { get; set; }

    /// <summary>The cost centre its serving cost is charged to; untagged when unset.</summary>
    public string? CostCentre { get; set; }
}
