using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Keel.Functions.Embedded;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Parquet;

namespace Keel.Cli.Tests;

/// <summary>
/// Nothing in Keel is specific to the credit sample: a CSV with other columns and types goes
/// through keel init, keel ingest and a training set with no code written for it.
/// </summary>
public sealed class GeneratedCsvTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-generated-").FullName;
    private WebApplication _platform = null!;
    private string _url = "";

    private const int Policies = 80;
    private const int Versions = 3;

    public async Task InitializeAsync()
    {
        var builder = EmbeddedPlatform.CreateBuilder(new EmbeddedPlatformOptions { Port = 0, DataDir = Path.Combine(_dir, "data") });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _platform = EmbeddedPlatform.Build(builder);
        await _platform.StartAsync();
        _url = EmbeddedPlatform.Address(_platform).ToString();
    }

    public async Task DisposeAsync()
    {
        await _platform.StopAsync();
        await _platform.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Three versions of each policy at different times; each row's values identify it.</summary>
    private string WriteCsv()
    {
        var text = new StringBuilder("Policy ID,renewed_at,premium,claims,smoker,region,lapsed\n");
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        for (var version = 0; version < Versions; version++)
        {
            for (var p = 0; p < Policies; p++)
            {
                var at = start.AddDays(version * 7).AddMinutes(p);
                var premium = (100 * p + version + 0.25).ToString(CultureInfo.InvariantCulture);
                var claims = p % 9 == 0 ? "" : (version + p % 3).ToString(CultureInfo.InvariantCulture);
                text.Append(CultureInfo.InvariantCulture, $"P{p:D4},{at:O},{premium},{claims},{(p % 2 == 0 ? "true" : "false")},\"{(p % 3 == 0 ? "north, coast" : "south")}\",{(version == 2 && p % 4 == 0 ? "yes" : "no")}\n");
            }
        }
        var path = Path.Combine(_dir, "policies.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public async Task Init_then_ingest_then_a_training_set_works_for_any_csv()
    {
        var csv = WriteCsv();
        var repo = Path.Combine(_dir, "policies");

        var init = await KeelProcess.RunAsync(_dir, TimeSpan.FromMinutes(2), "init", "--csv", csv, "--entity", "Policy ID", "--event-time", "renewed_at", "--label", "lapsed", "--protected", "region", "--out", repo);
        Assert.True(init.ExitCode == 0, init.Output + init.Error);
        var yaml = File.ReadAllText(Path.Combine(repo, "feature_repo.yaml"));
        Assert.Contains("entity_column: Policy_ID", yaml);
        Assert.Contains("header: Policy ID", yaml);
        Assert.Contains("type: timestamp", yaml);
        Assert.Contains("type: bool", yaml);

        var ingest = await KeelProcess.RunAsync(_dir, TimeSpan.FromMinutes(2), "ingest", "--file", csv, "--repo", repo, "--url", _url, "--data-dir", Path.Combine(_dir, "data"), "--tenant", "insurer");
        Assert.True(ingest.ExitCode == 0, ingest.Output + ingest.Error);
        Assert.Contains($"{Policies * Versions} stored", ingest.Output);

        var jsonOut = Path.Combine(_dir, "train.json");
        await WaitForMaterializationAsync();
        var set = await KeelProcess.RunAsync(_dir, TimeSpan.FromMinutes(2), "features", "training-set", "--service", "policies_model", "--out", jsonOut, "--url", _url, "--data-dir", Path.Combine(_dir, "data"), "--tenant", "insurer");
        Assert.True(set.ExitCode == 0, set.Output + set.Error);

        var training = JsonNode.Parse(File.ReadAllText(jsonOut))!;
        Assert.Equal(Policies * Versions, (int)training["rows"]!);
        var columns = training["columns"]!.AsArray().ToDictionary(c => (string)c!["name"]!, c => c!["values"]!.AsArray());
        Assert.Equal(["entity_key", "event_timestamp", "lapsed", "premium", "claims", "smoker", "region"], columns.Keys);
        for (var row = 0; row < Policies * Versions; row++)
        {
            // Point in time: each label row sees the premium of its own version, never a later one.
            var policy = int.Parse(((string)columns["entity_key"][row]!)[1..], CultureInfo.InvariantCulture);
            var premium = (double)columns["premium"][row]!;
            var version = (int)Math.Round((premium - 0.25 - 100 * policy) * 1);
            var expectedLapsed = version == 2 && policy % 4 == 0 ? "yes" : "no";
            Assert.Equal(expectedLapsed, (string)columns["lapsed"][row]!);
            Assert.Equal(policy % 9 == 0, columns["claims"][row] is null);
            Assert.Equal(policy % 2 == 0, (bool)columns["smoker"][row]!);
        }

        var parquetOut = Path.Combine(_dir, "train.parquet");
        var parquet = await KeelProcess.RunAsync(_dir, TimeSpan.FromMinutes(2), "features", "training-set", "--service", "policies_model", "--out", parquetOut, "--url", _url, "--data-dir", Path.Combine(_dir, "data"), "--tenant", "insurer");
        Assert.True(parquet.ExitCode == 0, parquet.Output + parquet.Error);
        await using var reader = await ParquetReader.CreateAsync(parquetOut);
        Assert.Equal(Policies * Versions, reader.Metadata!.NumRows);
    }

    [Fact]
    public async Task Ingest_reports_rejected_rows_and_stores_the_rest()
    {
        var csv = WriteCsv();
        var repo = Path.Combine(_dir, "policies");
        Assert.Equal(0, (await KeelProcess.RunAsync(_dir, TimeSpan.FromMinutes(2), "init", "--csv", csv, "--entity", "Policy ID", "--event-time", "renewed_at", "--label", "lapsed", "--out", repo)).ExitCode);
        File.AppendAllText(csv, $"P9999,{DateTimeOffset.UtcNow:O},not-a-number,1,true,south,no\n");

        var ingest = await KeelProcess.RunAsync(_dir, TimeSpan.FromMinutes(2), "ingest", "--file", csv, "--repo", repo, "--url", _url, "--data-dir", Path.Combine(_dir, "data"));

        Assert.Equal(3, ingest.ExitCode);
        Assert.Contains($"{Policies * Versions} stored", ingest.Output);
        Assert.Contains("1 rejected", ingest.Output);
        Assert.Contains($"row {Policies * Versions + 1}: data/values/premium", ingest.Output);
    }

    private async Task WaitForMaterializationAsync()
    {
        using var http = TestCallers.Client(_platform.Services, new Uri(_url), "insurer");
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            var list = JsonNode.Parse(await http.GetStringAsync("/api/features"))!;
            if (list["views"]!.AsArray().All(v => (long)v!["offlineRows"]! >= Policies * Versions))
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the ingested rows were not materialized within a minute");
    }
}
