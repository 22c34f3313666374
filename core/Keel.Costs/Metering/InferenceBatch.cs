namespace Keel.Costs.Metering;

/// <summary>
/// One batch a model version's variant scored: when, how long the device computed, on what,
/// and the requests in it. <see cref="Deployment"/> carries the deployment config's tags.
/// </summary>
public sealed record InferenceBatch(
    string BatchId,
    DateTimeOffset Start,
    TimeSpan ComputeTime,
    InferenceDevice Device,
    AttributionTags Deployment,
    IReadOnlyList<BatchRequest> Requests);

/// <summary>One request of a batch: its rows (predictions) and the tags it brought, which win over the deployment's.</summary>
public sealed record BatchRequest(string RequestId, int Rows, AttributionTags? Tags = null);

/// <summary>
/// What computed the batch: a GPU of a type (charged in GPU-seconds) or CPU cores (charged in
/// core-seconds, the compute time times the cores).
/// </summary>
public sealed record InferenceDevice(string DeviceKind, string? GpuType = null, decimal Cores = 1)
{
    public static InferenceDevice Cpu(decimal cores = 1) => new("cpu", null, cores);

    public static InferenceDevice Gpu(string gpuType) => new("gpu", gpuType);
}
