namespace Keel.Drift.Profiles;

/// <summary>How often a numeric column took one exact value.</summary>
public sealed record ValueCount(double Value, long Count);
