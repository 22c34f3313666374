namespace Keel.Tracking;

/// <summary>
/// The bounds every tracking store enforces, so that one careless caller cannot grow a run or a
/// listing without limit. Key and value lengths follow MLflow's, so runs move between the two.
/// </summary>
public static class TrackingLimits
{
    /// <summary>Experiment, run, param, metric, tag and artifact names.</summary>
    public const int MaxNameLength = 250;

    public const int MaxParamValueLength = 6000;

    public const int MaxTagValueLength = 8000;

    /// <summary>A longer error message is cut to this length rather than refused, so ending a run never fails for it.</summary>
    public const int MaxErrorLength = 8000;

    /// <summary>Params, metrics or tags in one call.</summary>
    public const int MaxItemsPerCall = 1000;

    /// <summary>Runs in one listing.</summary>
    public const int MaxListLimit = 1000;

    /// <summary>Child runs of one run (trials of one search); <see cref="ITrackingStore.ChildrenAsync"/> returns them all.</summary>
    public const int MaxChildRuns = 1000;

    /// <summary>Experiments per tenant; <see cref="ITrackingStore.ListExperimentsAsync"/> returns them all.</summary>
    public const int MaxExperimentsPerTenant = 10_000;

    /// <summary>Logged values of one metric of one run; <see cref="ITrackingStore.MetricHistoryAsync"/> returns them all.</summary>
    public const int MaxMetricPoints = 100_000;
}
