namespace Keel.Tracking;

/// <summary>One logged value of a metric: a metric may be logged at many steps (epochs, boosting rounds) and more than once per step.</summary>
public sealed record MetricPoint(string Key, double Value, long Step, DateTimeOffset Timestamp);
