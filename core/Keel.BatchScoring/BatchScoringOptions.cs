namespace Keel.BatchScoring;

/// <summary>
/// Batch scoring as configured under <c>Keel:BatchScoring</c> (environment <c>KEEL__BATCHSCORING__…</c>).
/// With no configuration there are no scheduled jobs; jobs may still be started over HTTP.
/// </summary>
public sealed class BatchScoringOptions
{
    public const string Section = "Keel:BatchScoring";

    /// <summary>02:00 UTC daily: the middle of the night in Europe and the evening lull in the Americas.</summary>
    public const string DefaultSchedule = "0 0 2 * * *";

    public const int MaxBatchSize = 65_536;

    /// <summary>When the configured jobs run: six-field NCRONTAB (seconds first), UTC, as every Keel timer.</summary>
    public string Schedule { get; set; } = DefaultSchedule;

    /// <summary>
    /// When set (and a price book is configured), each scheduled run moves to the start of the hour
    /// with the lowest CPU price within this many hours of its occurrence; ties go to the earliest.
    /// </summary>
    public int? DeferWithinHours { get; set; }

    /// <summary>
    /// How late a scheduled start may still be made (the host was down, a tick was missed). Later
    /// than this the occurrence is skipped, so a night job is never run at the day's peak.
    /// </summary>
    public TimeSpan CatchUpWithin { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows per call into the model: one session run each, far above the online batcher's 64.</summary>
    public int BatchSize { get; set; } = 1024;

    /// <summary>The cores a job is charged for; the machine's processor count when unset.</summary>
    public decimal? Cores { get; set; }

    /// <summary>Jobs running at once in this process; an HTTP start beyond it is answered 429.</summary>
    public int MaxConcurrentJobs { get; set; } = 1;

    /// <summary>The tracking experiment each job is recorded in as a run.</summary>
    public string Experiment { get; set; } = "batch-scoring";

    /// <summary>The jobs each scheduled run starts, in order.</summary>
    public List<BatchJobOptions> Jobs { get; set; } = [];
}

/// <summary>One configured job (<c>Keel:BatchScoring:Jobs:&lt;n&gt;:…</c>); see <see cref="BatchJob"/> for the fields.</summary>
public sealed class BatchJobOptions
{
    public string? Name { get; set; }

    public string? Tenant { get; set; }

    public string? Model { get; set; }

    public string? Dataset { get; set; }

    public List<string>? Entities { get; set; }

    public string? EntitiesFile { get; set; }

    public string? Output { get; set; }

    public int? BatchSize { get; set; }

    public string? Team { get; set; }

    public string? CostCentre { get; set; }

    public BatchJob ToJob(int index) => new(
        string.IsNullOrWhiteSpace(Name) ? $"job-{index}" : Name.Trim(),
        string.IsNullOrWhiteSpace(Tenant) ? Keel.Events.TenantName.Default : Tenant.Trim(),
        Model ?? "",
        Dataset,
        Entities,
        EntitiesFile,
        Output,
        BatchSize)
    {
        Team = Team,
        CostCentre = CostCentre,
        // Configuration is written by the operator, so it may name files anywhere on the machine.
        Trusted = true,
    };
}
