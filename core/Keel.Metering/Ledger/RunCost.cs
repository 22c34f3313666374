namespace Keel.Metering;

/// <summary>
/// What one run (a training or a batch-scoring job) cost: every metered record tagged with its id, priced
/// over its whole span. <see cref="Problem"/> says why there is no amount (no price book, a missing price).
/// </summary>
public sealed record RunCost(string RunId, string? Currency, decimal? Total, IReadOnlyList<RunCostLine> Lines, string? Problem);

public sealed record RunCostLine(string Kind, string? Variant, decimal Quantity, string Unit, decimal? Cost);
