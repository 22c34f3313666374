using Keel.Cli.Client;
using Keel.Cli.Platform;

namespace Keel.Cli.Bench;

/// <summary>
/// What the model benchmarks share: a fresh embedded platform in a scratch folder with the credit
/// sample ingested and materialized, removed again however the benchmark ends.
/// </summary>
public static class SampleBench
{
    public const string Tenant = "bench";

    /// <summary>
    /// The platform a benchmark measures: as configured by default, except that the per-tenant rate limit
    /// (1,000 requests a second) is raised far above what one machine can send, so the benchmark measures
    /// the service, limiter included, rather than the limit.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> PlatformSettings { get; } = new Dictionary<string, string?>
    {
        ["Keel:RateLimit:PermitLimit"] = "100000000",
    };

    public static async Task<BenchReport> RunAsync(string name, string? workDir,
        Func<PlatformRunner, KeelClient, SampleLoad, string, Task<BenchReport>> measure, CancellationToken cancellationToken)
    {
        var dataDir = Path.Combine(Path.GetFullPath(workDir ?? Path.GetTempPath()), $"keel-bench-{name}-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var platform = await PlatformRunner.StartAsync(0, dataDir, quiet: true, cancellationToken, PlatformSettings);
            using var client = platform.CreateClient(DemoTraining.DataScientist, Keel.Security.Permissions.KeelRoles.DataScientist, Tenant);
            var sample = await SampleLoader.LoadAsync(client, dataDir, Tenant, cancellationToken);
            return await measure(platform, client, sample, dataDir);
        }
        finally
        {
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    /// <summary>The sample's training spec, as the loader extracted it.</summary>
    public static string SpecPath(string dataDir) => Path.Combine(dataDir, "sample", "credit", SampleData.TrainingSpecName);
}
