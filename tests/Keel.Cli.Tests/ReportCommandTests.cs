using System.Text;
using System.Text.Json.Nodes;
using Keel.Cli.Commands;
using Keel.Drift;
using Keel.Drift.Profiles;
using Keel.Drift.Windows;
using Keel.Functions.Embedded;
using Keel.ModelRegistry;
using Keel.Monitoring;
using Keel.Storage.Artifacts;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console.Cli;

namespace Keel.Cli.Tests;

/// <summary><c>keel report drift</c> against an embedded platform that has one judged window of a registered version.</summary>
public sealed class ReportCommandTests : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("keel-report-cli-").FullName;
    private readonly string _out = Directory.CreateTempSubdirectory("keel-report-out-").FullName;
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var builder = EmbeddedPlatform.CreateBuilder(new EmbeddedPlatformOptions { Port = 0, DataDir = _dataDir });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = EmbeddedPlatform.Build(builder);
        await _app.StartAsync();

        var artifacts = _app.Services.GetRequiredService<IArtifactStore>();
        var registry = _app.Services.GetRequiredService<IModelRegistry>();
        var onnx = await artifacts.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes("onnx")), "application/octet-stream", default);
        await registry.GetOrCreateModelAsync("acme", new NewRegisteredModel("credit", "risk-team"), default);
        await registry.CreateVersionAsync("acme", "credit", new NewModelVersion(onnx.Sha256, new Lineage
        {
            DatasetSnapshotHash = onnx.Sha256,
            TrainingSpecHash = onnx.Sha256,
            CodeVersion = "test",
        }), "alice", default);
        var reference = Profile(1000, shift: 0);
        var stored = await artifacts.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(reference.ToJson())), "application/json", default);
        await registry.AttachArtifactAsync("acme", "credit", 1, ArtifactNames.ReferenceProfile, stored.Sha256, "alice", default);
        var live = Profile(400, shift: 30_000);
        var end = DateTimeOffset.UtcNow;
        var judgement = DriftAlerts.Judge(new VersionKey("acme", "credit", 1), new ClosedWindow(end.AddHours(-1), end, live.Rows, live, WindowCloseReason.Elapsed), reference, new ModelDriftPolicy());
        await _app.Services.GetRequiredService<DriftHistory>().RecordAsync([JudgedWindow.Of(judgement, end)], default);
    }

    private static DatasetProfile Profile(int rows, double shift)
    {
        var random = new Random(rows);
        var builder = new ProfileBuilder(new ProfileSchema(new Dictionary<string, FeatureKind> { ["income"] = FeatureKind.Numeric }, ReferenceProfiles.ScoreColumn));
        for (var i = 0; i < rows; i++)
        {
            builder.Add(new Dictionary<string, object?> { ["income"] = shift + 20_000 + random.NextDouble() * 80_000, [ReferenceProfiles.ScoreColumn] = random.NextDouble() });
        }
        return builder.Profile;
    }

    [Fact]
    public async Task Drift_writes_the_html_and_json_of_the_newest_version_into_the_folder()
    {
        var app = new CommandApp();
        app.Configure(config => config.AddBranch("report", ReportCommands.Configure));

        var exit = await app.RunAsync(["report", "drift", "--model", "credit", "--url", EmbeddedPlatform.Address(_app).ToString(), "--tenant", "acme", "--data-dir", _dataDir, "--out", _out]);

        Assert.Equal(0, exit);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_out, "credit-v1-drift.json")))!;
        Assert.True((bool)json["dataset_drift"]!);
        Assert.Equal(["income"], json["drifted_features"]!.AsArray().Select(f => (string)f!));
        var html = await File.ReadAllTextAsync(Path.Combine(_out, "credit-v1-drift.html"));
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("data-feature=\"income\"", html);
    }

    [Fact]
    public async Task A_bad_window_fails_with_the_platform_s_reason_and_writes_nothing()
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.AddBranch("report", ReportCommands.Configure);
            config.PropagateExceptions();
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.RunAsync(["report", "decay", "--model", "credit", "--window", "latest", "--url", EmbeddedPlatform.Address(_app).ToString(), "--tenant", "acme", "--data-dir", _dataDir, "--out", _out]));

        Assert.Contains("400", error.Message);
        Assert.Contains("window:", error.Message);
        Assert.Empty(Directory.GetFiles(_out));
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
        Directory.Delete(_out, recursive: true);
    }
}
