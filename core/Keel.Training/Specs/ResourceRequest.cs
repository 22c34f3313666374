namespace Keel.Training;

/// <summary>
/// The <c>resources</c> section of a spec: what a training run holds while it runs, which is what
/// it is charged for (wall time × each resource), whether it uses all of it or not. The defaults fit
/// the trainers as Keel runs them: one thread (for determinism) and a modest working set.
/// </summary>
public sealed record ResourceRequest
{
    public const double DefaultCores = 1;
    public const double DefaultMemoryGb = 2;

    public static ResourceRequest Default { get; } = new();

    /// <summary>CPU cores held; more than 0.</summary>
    public double Cores { get; init; } = DefaultCores;

    /// <summary>Memory held, in GB (10^9 bytes); more than 0.</summary>
    public double MemoryGb { get; init; } = DefaultMemoryGb;

    /// <summary>GPUs held; 0 or more.</summary>
    public int Gpus { get; init; }

    /// <summary>The GPUs' type (a100, t4 …), which prices them; required when <see cref="Gpus"/> is above 0.</summary>
    public string? GpuType { get; init; }
}
