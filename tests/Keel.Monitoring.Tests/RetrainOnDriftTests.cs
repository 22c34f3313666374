using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Keel.Events;
using Keel.Functions.Composition;
using Keel.Workflows;
using Keel.Workflows.Api;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Keel.Monitoring.Tests;

/// <summary>
/// The retraining policy on the local workflow runtime: drift alerts start the Retrain workflow once per
/// cool-down, the cool-down survives a restart, and a model whose policy is off is left alone.
/// </summary>
public sealed class RetrainOnDriftTests : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("keel-retrain-").FullName;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Keel:DataDir"] = _dataDir,
            ["Keel:Monitoring:Retrain:CoolDown"] = "01:00:00",
            ["Keel:Monitoring:Retrain:frozen:Enabled"] = "false",
        });
        builder.Services.AddLogging();
        builder.Services.AddKeelFunctions(builder.Configuration);
        builder.Services.AddKeelWorkflows(builder.Configuration, embedded: true);
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task Repeated_drift_starts_one_retraining_per_cool_down_and_says_why()
    {
        var clock = new ManualClock(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var handler = Handler(clock);

        await handler.HandleAsync([Alert("d1", "credit"), Alert("d2", "credit")], default);
        clock.Now += TimeSpan.FromMinutes(30);
        await handler.HandleAsync([Alert("d3", "credit")], default);
        // A redelivered alert starts nothing more.
        await handler.HandleAsync([Alert("d1", "credit")], default);
        Assert.Equal(["retrain-drift-d1"], await RetrainsAsync());

        // After a restart of the workflows app the cool-down still holds; once it has passed, drift retrains again.
        clock.Now += TimeSpan.FromMinutes(20);
        await Handler(clock).HandleAsync([Alert("d4", "credit")], default);
        clock.Now += TimeSpan.FromMinutes(11);
        await Handler(clock).HandleAsync([Alert("d5", "credit")], default);
        Assert.Equal(["retrain-drift-d1", "retrain-drift-d5"], await RetrainsAsync());

        var history = await Gateway.HistoryAsync("retrain-drift-d5", default);
        Assert.NotNull(history);
        var started = new RetrainCooldowns(Path.Combine(_dataDir, "monitoring", "retrain-cooldowns.db")).Last(TenantName.Default, "credit");
        Assert.Equal("d5", started!.EventId);
    }

    [Fact]
    public async Task Score_drift_alone_and_a_model_whose_policy_is_off_start_nothing()
    {
        var handler = Handler(new ManualClock(DateTimeOffset.UtcNow));

        await handler.HandleAsync([Alert("s1", "credit", datasetDrift: false, scoreDrift: true), Alert("f1", "frozen")], default);

        Assert.Empty(await RetrainsAsync());
    }

    [Fact]
    public async Task An_unreadable_drift_alert_is_rejected_with_the_reason()
    {
        var alert = Alert("bad", "credit");
        alert.Data = new JsonObject { ["model"] = "credit" };

        var outcome = await Handler(new ManualClock(DateTimeOffset.UtcNow)).HandleAsync([alert], default);

        Assert.Contains("dataset_drift", Assert.Single(outcome.Rejected).Reason);
    }

    private IWorkflowGateway Gateway => _host.Services.GetRequiredService<IWorkflowGateway>();

    /// <summary>A handler as a fresh process would make it: policies from configuration, cool-downs from the database.</summary>
    private StartRetrainOnDrift Handler(TimeProvider clock) => new(Gateway,
        _host.Services.GetRequiredService<RetrainPolicies>(),
        new RetrainCooldowns(Path.Combine(_dataDir, "monitoring", "retrain-cooldowns.db")),
        clock, NullLogger<StartRetrainOnDrift>.Instance);

    private async Task<List<string>> RetrainsAsync() =>
        [.. (await Gateway.ListAsync(100, default)).Where(v => v.Workflow == nameof(Retrain)).Select(v => v.InstanceId).Order(StringComparer.Ordinal)];

    private static CloudEvent Alert(string id, string model, bool datasetDrift = true, bool scoreDrift = false)
    {
        var alert = new CloudEvent(CloudEventsSpecVersion.V1_0, KeelAttributes.All)
        {
            Id = id,
            Source = new Uri(DriftAlerts.Source, UriKind.Relative),
            Type = KeelEventTypes.DriftDetected,
            Subject = model,
            Time = DateTimeOffset.UtcNow,
            Data = new JsonObject
            {
                ["model"] = model,
                ["version"] = 1,
                ["dataset_drift"] = datasetDrift,
                ["score_drift"] = scoreDrift,
                ["drifted_features"] = new JsonArray("applicant__age", "applicant__income"),
            },
        };
        alert.SetTenant(TenantName.Default);
        return alert;
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
