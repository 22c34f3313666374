using System.Globalization;
using Keel.Storage;

namespace Keel.BatchScoring;

/// <summary>
/// Where a tenant's batch scoring files live: <c>&lt;data dir&gt;/batch-scoring/&lt;tenant&gt;/</c>.
/// Relative paths of a job are taken from there; only a configured (trusted) job may name a file elsewhere.
/// </summary>
public sealed class BatchPaths(StorageOptions storage)
{
    public const string Folder = "batch-scoring";

    public const string DefaultOutput = "{model}/{date}/{run}.parquet";

    public string TenantRoot(string tenant) => storage.Resolve(Folder, tenant);

    /// <summary>A file a job reads: its dataset or entities file.</summary>
    public string Input(BatchJob job, string path) => Resolve(job, path);

    /// <summary>Where a run writes its scores, with the template's placeholders filled in.</summary>
    public string Output(BatchJob job, int version, string runId, DateTimeOffset scoredAt)
    {
        var template = job.Output ?? DefaultOutput;
        var path = template
            .Replace("{model}", job.Model, StringComparison.Ordinal)
            .Replace("{date}", scoredAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{run}", runId, StringComparison.Ordinal)
            .Replace("{version}", version.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return Resolve(job, path);
    }

    /// <summary>Why a path may not be used by a job, or null when it may.</summary>
    internal static string? Problem(string path, bool trusted)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return "the path is empty.";
        }
        if (trusted)
        {
            return null;
        }
        var parts = path.Split('/', '\\');
        return Path.IsPathRooted(path) || parts.Contains("..")
            ? $"'{path}' must be relative to the tenant's batch-scoring folder and stay inside it."
            : null;
    }

    private string Resolve(BatchJob job, string path)
    {
        var root = TenantRoot(job.Tenant);
        var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(root, path.Trim()));
        // Checked again after resolution: a placeholder value (the model name) must not lead out either.
        if (!job.Trusted && !full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new BatchJobException($"'{path}' resolves outside the tenant's batch-scoring folder.");
        }
        return full;
    }
}
