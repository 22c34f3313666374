namespace Keel.Governance;

/// <summary>
/// Predictions by id, for as long as the retention keeps them. Every read names its tenant and sees
/// only that tenant's predictions: another tenant's is not found, exactly as one that never existed.
/// </summary>
public interface IPredictionIndex
{
    /// <summary>Adds predictions not yet indexed; one already there (a redelivered event) is left as it is.</summary>
    /// <returns>How many were new.</returns>
    Task<int> AddAsync(IReadOnlyList<IndexedPrediction> predictions, CancellationToken cancellationToken);

    Task<IndexedPrediction?> GetAsync(string tenant, string predictionId, CancellationToken cancellationToken);

    /// <summary>Forgets predictions made before <paramref name="cutoff"/>.</summary>
    /// <returns>How many were forgotten.</returns>
    Task<int> PruneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
