namespace Keel.Costs.Metering;

/// <summary>What a training spec requested; a run is charged for what it held, whether it used it or not.</summary>
public sealed record TrainingResources(decimal Cores, decimal MemoryGb, int Gpus = 0, string? GpuType = null)
{
    /// <summary>"gpu" when the run held a GPU, else "cpu".</summary>
    public string DeviceKind => Gpus > 0 ? "gpu" : "cpu";
}
