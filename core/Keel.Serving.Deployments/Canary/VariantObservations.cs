namespace Keel.Serving.Deployments;

/// <summary>
/// What one variant's requests came to: counts of requests and errors, and histograms of latency and
/// of scores. Memory is fixed (two histograms) however long the canary runs; recording is lock-free
/// and safe from any number of request threads.
/// </summary>
public sealed class VariantObservations
{
    private long requests;
    private long errors;

    public VariantObservations(string tenant, string model, DeploymentVariant variant)
        : this(tenant, model, variant.Name, variant.Version)
    {
    }

    public VariantObservations(string tenant, string model, string variant, int version, HistogramLayout? latencyLayout = null, HistogramLayout? scoreLayout = null)
    {
        Tenant = tenant;
        Model = model;
        Variant = variant;
        Version = version;
        LatencyMs = new Histogram(latencyLayout ?? HistogramLayout.LatencyMs);
        Scores = new Histogram(scoreLayout ?? HistogramLayout.Scores);
    }

    public string Tenant { get; }
    public string Model { get; }
    public string Variant { get; }
    public int Version { get; }

    public long Requests => Interlocked.Read(ref requests);
    public long Errors => Interlocked.Read(ref errors);

    /// <summary>Latency of every request, failed ones included: that is what callers waited.</summary>
    public Histogram LatencyMs { get; }

    /// <summary>Scores of successful requests that produced one.</summary>
    public Histogram Scores { get; }

    /// <summary>Records one request. <paramref name="score"/> is ignored for a failed request.</summary>
    public void Record(bool success, double latencyMs, double? score = null)
    {
        // Requests before errors, so a concurrent reader never sees more errors than requests.
        Interlocked.Increment(ref requests);
        if (!success)
        {
            Interlocked.Increment(ref errors);
        }
        LatencyMs.Add(latencyMs);
        if (success && score is { } value)
        {
            Scores.Add(value);
        }
    }

    public void RecordSuccess(double latencyMs, double? score = null) => Record(true, latencyMs, score);

    public void RecordError(double latencyMs) => Record(false, latencyMs);

    /// <summary>Adds another replica's observations of the same model version.</summary>
    public void Merge(VariantObservations other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Tenant != Tenant || other.Model != Model || other.Version != Version)
        {
            throw new ArgumentException($"Observations of {other.Model} version {other.Version} cannot be merged into {Model} version {Version}.", nameof(other));
        }
        var theirErrors = other.Errors;
        Interlocked.Add(ref requests, other.Requests);
        Interlocked.Add(ref errors, theirErrors);
        LatencyMs.Merge(other.LatencyMs);
        Scores.Merge(other.Scores);
    }

    /// <summary>A copy that no longer changes, so one analysis reads consistent numbers.</summary>
    public VariantObservations Snapshot()
    {
        var copy = new VariantObservations(Tenant, Model, Variant, Version, LatencyMs.Layout, Scores.Layout);
        // Errors first: a request recorded in between makes requests larger, never errors.
        copy.errors = Errors;
        copy.requests = Requests;
        copy.LatencyMs.Merge(LatencyMs);
        copy.Scores.Merge(Scores);
        return copy;
    }
}
