namespace Keel.Decay.Tracking;

/// <summary>What a version was registered with: its holdout metrics and the positive class its labels are read against.</summary>
public sealed record DecayBaseline(IReadOnlyDictionary<string, double> Metrics, string? PositiveClass);

/// <summary>Finds a version's baseline; null when the registry has no such version (its metrics are still measured, never judged).</summary>
public interface IDecayBaselines
{
    Task<DecayBaseline?> GetAsync(string tenant, string model, int version, CancellationToken cancellationToken);
}
