using Keel.Features.Definitions;
using static Keel.Features.Offline.Tests.Build;

namespace Keel.Features.Offline.Tests;

public sealed class LatestPerEntityTests : IDisposable
{
    private static readonly FeatureViewDefinition Balance = View("balance", TimeSpan.FromHours(1), ("amount", FeatureType.Double), ("note", FeatureType.String));

    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_latest_row_per_entity_within_the_half_open_range()
    {
        await _temp.Store.AppendAsync("acme", Balance, "v1",
        [
            Row("c1", T0.AddDays(-1), "e0", 0.0, "before the range"),
            Row("c1", T0, "e1", 1.0, "first"),
            Row("c1", T0.AddDays(1), "e2", 2.0, "latest in range"),
            Row("c1", T0.AddDays(2), "e3", 3.0, "at the exclusive end"),
            Row("c2", T0.AddHours(3), T0.AddHours(3), "e4", 4.0, null),
            Row("c2", T0.AddHours(3), T0.AddHours(4), "e5", 5.0, "created later"),
            Row("c3", T0.AddDays(3), "e6", 6.0, "after the range"),
        ], CancellationToken.None);

        var latest = await _temp.Store.LatestPerEntityAsync("acme", Balance, T0, T0.AddDays(2), CancellationToken.None);

        Assert.Equal(["c1", "c2"], latest.Select(r => r.EntityKey));
        Assert.Equal(("e2", T0.AddDays(1), T0.AddDays(1)), (latest[0].EventId, latest[0].EventTime, latest[0].CreatedAt));
        Assert.Equal([2.0, "latest in range"], latest[0].Values);
        Assert.Equal("e5", latest[1].EventId);
        Assert.Equal(T0.AddHours(4), latest[1].CreatedAt);
        Assert.Equal([5.0, "created later"], latest[1].Values);
        // TTL is for reads at a point in time, not for this range query.
        Assert.Empty(await _temp.Store.LatestPerEntityAsync("acme", Balance, T0.AddDays(2), T0.AddDays(2), CancellationToken.None));
        Assert.Equal(["c1", "c3"], (await _temp.Store.LatestPerEntityAsync("acme", Balance, T0.AddDays(2), T0.AddDays(4), CancellationToken.None)).Select(r => r.EntityKey));
    }
}
