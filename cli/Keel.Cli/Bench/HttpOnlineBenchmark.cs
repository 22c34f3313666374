using System.Diagnostics;
using System.Net.Http.Json;
using Keel.Cli.Platform;
using Keel.Features.Online;
using Keel.Features.Registry;
using Keel.Features.Repository;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Cli.Bench;

/// <summary>
/// <c>keel bench online</c>, HTTP part: the latency of <c>POST /api/features/online</c> for one
/// entity's 14 features on loopback, through the embedded platform's real endpoint, with the
/// in-process read of the same store measured in the same run as its baseline.
/// </summary>
public static class HttpOnlineBenchmark
{
    public const double TargetP99Micros = 1000;

    public static async Task<BenchReport> RunAsync(string workDir, int entities, int requests, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var dataDir = Path.Combine(Path.GetFullPath(workDir), "keel-bench-online-http-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var platform = await PlatformRunner.StartAsync(0, dataDir, quiet: true, cancellationToken, SampleBench.PlatformSettings);
            var registry = platform.Services.GetRequiredService<IFeatureRegistry>();
            await registry.ApplyAsync(OnlineReadBenchmark.Tenant, Repository(), cancellationToken);
            var store = platform.Services.GetRequiredService<IOnlineStore>();
            var view = (await registry.SnapshotAsync(OnlineReadBenchmark.Tenant, cancellationToken)).View(OnlineReadBenchmark.View)!;
            progress?.Report($"writing {entities:N0} entities × {OnlineReadBenchmark.Features.Count} features");
            foreach (var chunk in OnlineReadBenchmark.Rows(entities).Chunk(5_000))
            {
                await store.WriteAsync(OnlineReadBenchmark.Tenant, view.Name, view.Version, OnlineReadBenchmark.Features, chunk, cancellationToken);
            }

            using var http = new HttpClient { BaseAddress = platform.Address };
            http.DefaultRequestHeaders.Authorization = platform.Credentials("bench", Keel.Security.Permissions.KeelRoles.Service, OnlineReadBenchmark.Tenant);
            var service = platform.Services.GetRequiredService<OnlineFeatureService>();
            var random = new Random(11);
            var warmup = Math.Min(requests, 5_000);
            var httpLatencies = new double[requests];
            var serviceLatencies = new double[requests];
            progress?.Report($"{requests:N0} HTTP requests and {requests:N0} in-process reads through the feature service");
            for (var i = -warmup; i < requests; i++)
            {
                var key = OnlineReadBenchmark.Key(random.Next(entities));
                var start = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync("/api/features/online", new { service = "profile", entities = new[] { key } }, cancellationToken);
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
                response.EnsureSuccessStatusCode();
                var httpMicros = Stopwatch.GetElapsedTime(start).TotalMicroseconds;

                start = Stopwatch.GetTimestamp();
                await service.GetAsync(OnlineReadBenchmark.Tenant, new OnlineFeatureRequest("profile", null, [key]), cancellationToken);
                var serviceMicros = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                if (i >= 0)
                {
                    httpLatencies[i] = httpMicros;
                    serviceLatencies[i] = serviceMicros;
                }
            }
            Array.Sort(httpLatencies);
            Array.Sort(serviceLatencies);
            var p99 = Percentile(httpLatencies, 0.99);
            return new BenchReport
            {
                Name = "online-http",
                Command = "keel bench online",
                Parameters = new Dictionary<string, object> { ["entities"] = entities, ["features"] = OnlineReadBenchmark.Features.Count, ["requests"] = requests, ["warmup"] = warmup },
                Measurements = new Dictionary<string, double>
                {
                    ["http_p50_us"] = Math.Round(Percentile(httpLatencies, 0.50), 1),
                    ["http_p90_us"] = Math.Round(Percentile(httpLatencies, 0.90), 1),
                    ["http_p99_us"] = Math.Round(p99, 1),
                    ["http_p999_us"] = Math.Round(Percentile(httpLatencies, 0.999), 1),
                    ["service_p50_us"] = Math.Round(Percentile(serviceLatencies, 0.50), 2),
                    ["service_p99_us"] = Math.Round(Percentile(serviceLatencies, 0.99), 2),
                },
                Target = "HTTP p99 ≤ 1 ms on loopback",
                TargetMet = p99 <= TargetP99Micros,
                Notes = "One request at a time from an HttpClient in the same process to Kestrel on 127.0.0.1; the request resolves the feature service, " +
                        "reads the embedded online store and answers JSON with values, view versions and ages. The baseline is the same feature-service read in process.",
            };
        }
        finally
        {
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static Keel.Features.Definitions.FeatureRepository Repository()
    {
        var features = string.Join("\n", OnlineReadBenchmark.Features.Select((name, i) => $"      - {{ name: {name}, type: {OnlineReadBenchmark.TypeOf(i)} }}"));
        var columns = string.Join("\n", OnlineReadBenchmark.Features.Select((name, i) => $"    - {{ name: {name}, type: {OnlineReadBenchmark.TypeOf(i)}, nullable: true }}"));
        return FeatureRepositoryFile.Parse($$"""
            project: bench_online
            dataset:
              name: customers
              entity_key: customer_id
              columns:
            {{columns}}
            entities:
              - { name: customer, join_key: customer_id }
            feature_views:
              - name: {{OnlineReadBenchmark.View}}
                entity: customer
                source: customers
                features:
            {{features}}
            feature_services:
              - { name: profile, features: [{{OnlineReadBenchmark.View}}] }
            """, "bench repository");
    }
}
