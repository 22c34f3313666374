namespace Keel.BatchScoring;

/// <summary>
/// The body of <c>POST /api/batch-scoring</c>: a job to start now for the caller's tenant. Paths are
/// relative to the tenant's batch-scoring folder (<c>&lt;data dir&gt;/batch-scoring/&lt;tenant&gt;/</c>).
/// <code>{"model": "credit_risk", "dataset": "inputs/applications.csv", "output": "scores/{date}.parquet"}</code>
/// <code>{"model": "credit_risk", "entities": ["1", "2", "3"]}</code>
/// </summary>
public sealed record BatchJobRequest(
    string? Model,
    string? Dataset = null,
    IReadOnlyList<string>? Entities = null,
    string? EntitiesFile = null,
    string? Output = null,
    int? BatchSize = null,
    string? Name = null,
    string? Team = null,
    string? CostCentre = null)
{
    /// <summary>The job this request asks for; check it with <see cref="BatchJob.Problems"/>.</summary>
    public BatchJob ToJob(string tenant) =>
        new(string.IsNullOrWhiteSpace(Name) ? "adhoc-" + (Model ?? "model") : Name.Trim(), tenant, Model ?? "", Dataset, Entities, EntitiesFile, Output, BatchSize)
        {
            Team = Team,
            CostCentre = CostCentre,
            Trusted = false,
        };
}
