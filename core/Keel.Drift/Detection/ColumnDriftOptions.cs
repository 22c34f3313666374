namespace Keel.Drift.Detection;

/// <summary>A column's override of the default method and/or threshold; what is left null keeps the default.</summary>
public sealed record ColumnDriftOptions
{
    public DriftMethod? Method { get; init; }

    public double? Threshold { get; init; }
}
