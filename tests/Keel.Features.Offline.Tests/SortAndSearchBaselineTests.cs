using Keel.Cli.Bench;

namespace Keel.Features.Offline.Tests;

/// <summary>
/// The benchmark at a small size: the DuckDB join, the in-memory sort-and-search baseline and the
/// baseline fed from the store's Parquet files all give the same frame, so timing them against
/// each other compares equal work.
/// </summary>
public sealed class SortAndSearchBaselineTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_store_and_the_benchmark_baseline_give_identical_frames()
    {
        var data = PitBenchData.Generate(labelRows: 2_000, events: 20_000, entities: 1_500, seed: 11);
        foreach (var batch in data.Events.Chunk(5_000))
        {
            await _temp.Store.AppendAsync(PitBenchData.Tenant, data.View, "v1", batch, CancellationToken.None);
        }
        Assert.Equal(data.Events.Count, await _temp.Store.CountAsync(PitBenchData.Tenant, data.View.Name, CancellationToken.None));

        var store = await _temp.Store.GetHistoricalFeaturesAsync(PitBenchData.Tenant, data.Frame, [new ViewSelection(data.View, "v1", data.FeatureNames)], CancellationToken.None);
        var inMemory = SortAndSearchJoin.Join(data.Frame, ViewHistory.FromRows(data.View, data.Events), data.FeatureNames);
        var loaded = await ViewHistory.LoadAsync(Path.Combine(_temp.Root, PitBenchData.Tenant, data.View.Name), data.View, CancellationToken.None);
        var fromFiles = SortAndSearchJoin.Join(data.Frame, loaded, data.FeatureNames);

        Assert.Null(PitBenchData.FirstDifference(inMemory, store));
        Assert.Null(PitBenchData.FirstDifference(inMemory, fromFiles));
        // Not vacuous: most rows find a value, some are expired or have no history.
        var found = store.Column("account_activity__segment").Values.Count(v => v is not null);
        Assert.InRange(found, data.Frame.Count / 3, data.Frame.Count - 50);
    }

    [Fact]
    public void The_baseline_applies_the_tie_rule_and_the_ttl()
    {
        var view = PitBenchData.AccountView;
        var t0 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        object?[] Values(double balance) => [balance, null, null, null, null];
        var history = ViewHistory.FromRows(view,
        [
            new Keel.Features.FeatureRow("a", t0, t0.AddSeconds(2), "e2", Values(2)),
            new Keel.Features.FeatureRow("a", t0, t0.AddSeconds(2), "e3", Values(3)),
            new Keel.Features.FeatureRow("a", t0, t0.AddSeconds(1), "e9", Values(9)),
            new Keel.Features.FeatureRow("b", t0, t0, "e4", Values(4)),
        ]);
        var frame = new EntityFrame(["a", "a", "b", "b", "c"], [t0, t0.AddTicks(-10), t0 + view.Ttl!.Value, t0 + view.Ttl!.Value + TimeSpan.FromTicks(10), t0]);

        var result = SortAndSearchJoin.Join(frame, history, ["balance"]);

        Assert.Equal([3.0, null, 4.0, null, null], result.Column("account_activity__balance").Values);
    }
}
