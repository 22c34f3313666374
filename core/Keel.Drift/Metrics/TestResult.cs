namespace Keel.Drift.Metrics;

/// <summary>A hypothesis test's statistic and its p-value.</summary>
public readonly record struct TestResult(double Statistic, double PValue);
