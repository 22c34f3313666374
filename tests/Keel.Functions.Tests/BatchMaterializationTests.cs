using Keel.Events;
using Keel.Features;
using Keel.Features.Materialization;
using Keel.Features.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Functions.Tests;

/// <summary>Loading the online store from the offline store: on schedule from a watermark, or for a range on request.</summary>
public sealed class BatchMaterializationTests
{
    [Fact]
    public async Task The_scheduled_run_loads_the_latest_offline_row_of_each_entity_and_then_only_what_is_new()
    {
        await using var bed = await MaterializationBed.StartAsync();
        var view = (await bed.Services.GetRequiredService<IFeatureRegistry>().SnapshotAsync(TenantName.Default, default)).View("loan_features")!;
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        var rows = Enumerable.Range(0, 30).Select(i =>
            new FeatureRow("L" + (i % 10), start.AddMinutes(i), start, "offline-" + i, [(double)i, 100.0, "car", i / 100.0])).ToArray();
        await bed.Offline.AppendAsync(TenantName.Default, view.Definition, view.Version, rows, default);
        Assert.Equal(0, await bed.Online.CountAsync(TenantName.Default, "loan_features", default));

        var scheduled = bed.Services.GetRequiredService<ScheduledMaterialization>();
        var first = await scheduled.RunAsync(default);

        Assert.Equal(10, first.Views.Single(v => v.View == "loan_features").Rows);
        var online = await bed.Online.ReadAsync(TenantName.Default, "loan_features", ["L0", "L9"], default);
        Assert.Equal("offline-20", online[0]!.EventId);
        Assert.Equal(29.0, online[1]!.Values["amount"]);
        var second = await scheduled.RunAsync(default);
        Assert.Equal(0, second.Rows);
    }

    [Fact]
    public async Task A_requested_range_loads_only_rows_with_event_time_inside_it()
    {
        await using var bed = await MaterializationBed.StartAsync();
        var view = (await bed.Services.GetRequiredService<IFeatureRegistry>().SnapshotAsync(TenantName.Default, default)).View("loan_features")!;
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        await bed.Offline.AppendAsync(TenantName.Default, view.Definition, view.Version,
        [
            new FeatureRow("A", start, start, "a-early", [1.0, 10.0, "car", 0.1]),
            new FeatureRow("A", start.AddHours(2), start, "a-late", [2.0, 10.0, "car", 0.2]),
            new FeatureRow("B", start.AddHours(2), start, "b-late", [3.0, 10.0, "car", 0.3]),
        ], default);

        var result = await bed.Services.GetRequiredService<FeatureMaterializer>()
            .MaterializeRangeAsync(TenantName.Default, start, start.AddHours(1), ["loan_features"], default);

        Assert.Equal(1, result.Rows);
        var online = await bed.Online.ReadAsync(TenantName.Default, "loan_features", ["A", "B"], default);
        Assert.Equal("a-early", online[0]!.EventId);
        Assert.Null(online[1]);
    }
}
