namespace Keel.Drift.Profiles;

/// <summary>One bar of a report's histogram: values in [Lower, Upper), the last bin also holding Upper.</summary>
public sealed record HistogramBin(double Lower, double Upper, long Count);
