using Keel.Events;

namespace Keel.BatchScoring;

/// <summary>
/// One batch scoring job: a model (scored with the version online serves by default: its
/// <c>champion</c>, else its Production version) over either a dataset or a list of entities.
/// </summary>
/// <param name="Name">Names the tracking run and the job in schedules and cost records.</param>
/// <param name="Dataset"><c>offline</c> (each entity's latest rows in the offline store) or a <c>.csv</c> / <c>.parquet</c> file of the model's dataset records.</param>
/// <param name="Entities">Entity keys whose features are read from the online store, as the online path reads them.</param>
/// <param name="EntitiesFile">A text file of entity keys, one per line; instead of, or as well as, <paramref name="Entities"/>.</param>
/// <param name="Output">Where the scores go (a <c>.parquet</c> path; <c>{date}</c>, <c>{run}</c> and <c>{version}</c> are filled in); default <c>{model}/{date}/{run}.parquet</c>.</param>
/// <param name="BatchSize">Rows per call into the model; <see cref="BatchScoringOptions.BatchSize"/> when null.</param>
public sealed record BatchJob(
    string Name,
    string Tenant,
    string Model,
    string? Dataset,
    IReadOnlyList<string>? Entities,
    string? EntitiesFile,
    string? Output,
    int? BatchSize)
{
    public const string OfflineDataset = "offline";

    /// <summary>Entity keys one job may list inline; more belong in an entities file.</summary>
    public const int MaxInlineEntities = 100_000;

    public string? Team { get; init; }

    public string? CostCentre { get; init; }

    /// <summary>
    /// Configured jobs may name any file; jobs from a request may name only files inside their
    /// tenant's batch-scoring folder, so no caller reads another tenant's data or the host's files.
    /// </summary>
    public bool Trusted { get; init; }

    public bool ScoresEntities => Entities is { Count: > 0 } || !string.IsNullOrWhiteSpace(EntitiesFile);

    /// <summary>What is wrong with the job, each problem naming its field; empty when it can run.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100 || Name.Any(char.IsControl))
        {
            problems.Add("name: give 1 to 100 printable characters.");
        }
        if (!TenantName.IsValid(Tenant))
        {
            problems.Add($"tenant: '{Tenant}' is not a tenant name ({TenantName.Rule}).");
        }
        if (string.IsNullOrWhiteSpace(Model))
        {
            problems.Add("model: name the registered model to score with.");
        }
        var hasDataset = !string.IsNullOrWhiteSpace(Dataset);
        if (hasDataset == ScoresEntities)
        {
            problems.Add("dataset/entities: name either a dataset ('offline', a .csv or a .parquet file) or entities (a list or an entities file), not both and not neither.");
        }
        if (hasDataset && !IsOffline && !HasExtension(Dataset!, ".csv") && !HasExtension(Dataset!, ".parquet"))
        {
            problems.Add($"dataset: '{Dataset}' is neither 'offline' nor a .csv or .parquet file.");
        }
        if (Entities is { } entities)
        {
            if (entities.Count > MaxInlineEntities)
            {
                problems.Add($"entities: {entities.Count} keys; at most {MaxInlineEntities} may be listed, put more in an entities file.");
            }
            if (entities.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add("entities: a key is empty.");
            }
        }
        if (Output is { } output && !HasExtension(output, ".parquet"))
        {
            problems.Add($"output: '{output}' must be a .parquet file.");
        }
        if (BatchSize is < 1 or > BatchScoringOptions.MaxBatchSize)
        {
            problems.Add($"batchSize: {BatchSize} is outside 1–{BatchScoringOptions.MaxBatchSize}.");
        }
        foreach (var (field, path) in new[] { ("dataset", IsOffline ? null : Dataset), ("entitiesFile", EntitiesFile), ("output", Output) })
        {
            if (path is not null && BatchPaths.Problem(path, Trusted) is { } problem)
            {
                problems.Add($"{field}: {problem}");
            }
        }
        return problems;
    }

    internal bool IsOffline => string.Equals(Dataset?.Trim(), OfflineDataset, StringComparison.OrdinalIgnoreCase);

    private static bool HasExtension(string path, string extension) => path.Trim().EndsWith(extension, StringComparison.OrdinalIgnoreCase);
}
