using Keel.Drift.Detection;
using Keel.Drift.Quality;

namespace Keel.Monitoring;

/// <summary>
/// How live predictions are windowed and judged (<c>Keel:Monitoring:Drift</c>). A window closes after
/// <see cref="WindowDuration"/> of event time or <see cref="WindowRows"/> predictions, whichever comes
/// first; <see cref="Models"/> overrides the policy per model name.
/// </summary>
public sealed class DriftMonitorOptions
{
    public const string Section = "Keel:Monitoring:Drift";

    public TimeSpan WindowDuration { get; set; } = TimeSpan.FromHours(1);

    public long WindowRows { get; set; } = 1000;

    /// <summary>How long after its end a window still takes late predictions (the event time is the prediction's).</summary>
    public TimeSpan AllowedLateness { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Open windows per version; opening one more closes the oldest.</summary>
    public int MaxOpenWindows { get; set; } = 2;

    /// <summary>Versions followed at once; the one quiet longest is closed out (its windows judged) to make room.</summary>
    public int MaxTrackedVersions { get; set; } = 1000;

    /// <summary>A window with fewer predictions is not judged: a few rows at the end of an hour say nothing about drift.</summary>
    public long MinWindowRows { get; set; } = 100;

    /// <summary>How often a clock closes the windows whose time ran out while no prediction came; zero turns the clock off.</summary>
    public TimeSpan ClockInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How far behind the wall clock the clock moves event time: predictions that reach the log this
    /// much late (spooled while Kafka was away, say) still find their window open.
    /// </summary>
    public TimeSpan ClockGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long counted prediction ids stay in the drift ledger to catch redeliveries (beyond Kafka's retention is pointless).</summary>
    public TimeSpan LedgerRetention { get; set; } = TimeSpan.FromDays(7);

    public ModelDriftPolicy Defaults { get; set; } = new();

    public Dictionary<string, ModelDriftPolicy> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The model's policy: its own settings where it has them, else the defaults'.</summary>
    public ModelDriftPolicy PolicyFor(string model) =>
        Models.TryGetValue(model, out var own) ? own.Over(Defaults) : Defaults;

    public void Validate()
    {
        if (WindowDuration <= TimeSpan.Zero || WindowRows < 1 || MaxOpenWindows < 1 || MaxTrackedVersions < 1 || MinWindowRows < 1 || AllowedLateness < TimeSpan.Zero
            || ClockInterval < TimeSpan.Zero || ClockGrace < TimeSpan.Zero || LedgerRetention <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{Section}: window duration, rows, open windows, tracked versions, minimum rows and ledger retention must be positive, allowed lateness, clock interval and clock grace not negative.");
        }
    }
}

/// <summary>One model's drift policy; a setting left null takes the default's.</summary>
public sealed class ModelDriftPolicy
{
    /// <summary>The share of compared features that must drift for the dataset to have drifted (Evidently's 0.5).</summary>
    public double? DatasetDriftShare { get; set; }

    /// <summary>Per column: a method (KolmogorovSmirnov, ChiSquared, ZTest, Wasserstein, JensenShannon, Psi) and/or a threshold.</summary>
    public Dictionary<string, ColumnDriftOptions> Columns { get; set; } = new(StringComparer.Ordinal);

    public ColumnDriftOptions? Score { get; set; }

    /// <summary>How much the missing rate may rise (absolute) before it is a data-quality finding.</summary>
    public double? MissingRateMargin { get; set; }

    /// <summary>The share of values outside the reference range tolerated before it is a finding (none, by default).</summary>
    public double? OutOfRangeShare { get; set; }

    /// <summary>The share of values in categories the reference never had tolerated before it is a finding (none, by default).</summary>
    public double? UnseenCategoryShare { get; set; }

    public ModelDriftPolicy Over(ModelDriftPolicy defaults) => new()
    {
        DatasetDriftShare = DatasetDriftShare ?? defaults.DatasetDriftShare,
        Columns = new Dictionary<string, ColumnDriftOptions>(defaults.Columns.Concat(Columns).GroupBy(c => c.Key).Select(g => g.Last()), StringComparer.Ordinal),
        Score = Score ?? defaults.Score,
        MissingRateMargin = MissingRateMargin ?? defaults.MissingRateMargin,
        OutOfRangeShare = OutOfRangeShare ?? defaults.OutOfRangeShare,
        UnseenCategoryShare = UnseenCategoryShare ?? defaults.UnseenCategoryShare,
    };

    /// <summary>The detector's policy against a reference; column settings for columns the reference lacks are left out.</summary>
    public DriftPolicy ToDriftPolicy(IReadOnlyCollection<string> referenceColumns)
    {
        var policy = new DriftPolicy
        {
            Columns = Columns.Where(c => referenceColumns.Contains(c.Key)).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal),
            Score = Score,
        };
        return DatasetDriftShare is { } share ? policy with { DatasetDriftShare = share } : policy;
    }

    public DataQualityOptions ToQualityOptions()
    {
        var defaults = new DataQualityOptions();
        return defaults with
        {
            MissingRateMargin = MissingRateMargin ?? defaults.MissingRateMargin,
            OutOfRangeShare = OutOfRangeShare ?? defaults.OutOfRangeShare,
            UnseenCategoryShare = UnseenCategoryShare ?? defaults.UnseenCategoryShare,
        };
    }
}
