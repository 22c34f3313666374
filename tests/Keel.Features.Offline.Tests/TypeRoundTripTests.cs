using Keel.Features.Definitions;
using static Keel.Features.Offline.Tests.Build;

namespace Keel.Features.Offline.Tests;

public sealed class TypeRoundTripTests : IDisposable
{
    private static readonly FeatureViewDefinition All = View("all_types", null,
        ("i", FeatureType.Int64), ("d", FeatureType.Double), ("s", FeatureType.String), ("b", FeatureType.Bool), ("t", FeatureType.Timestamp));

    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Every_feature_type_and_null_round_trips_at_microsecond_precision_in_utc()
    {
        var local = new DateTimeOffset(2024, 3, 1, 10, 30, 0, TimeSpan.FromHours(-5)).AddTicks(1_234_567);
        await _temp.Store.AppendAsync("acme", All, "v1",
        [
            Row("c1", T0, "e1", long.MinValue, -0.125, "naïve ☃ 'quoted' \"x\"", true, local),
            Row("c2", T0, "e2", null, null, null, null, null),
            Row("c3", T0, "e3", 42, 1e300, "", false, DateTimeOffset.UnixEpoch),
            Row("c4", local, local.AddTicks(2), "e4", long.MaxValue, double.NaN, "x", false, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
        ], CancellationToken.None);

        // The microsecond is kept, the 100 ns tick below it is not; every DateTimeOffset comes back in UTC.
        var localMicros = new DateTimeOffset(2024, 3, 1, 15, 30, 0, TimeSpan.Zero).AddTicks(1_234_560);
        var latest = await _temp.Store.LatestPerEntityAsync("acme", All, T0, T0.AddDays(1), CancellationToken.None);
        Assert.Equal([long.MinValue, -0.125, "naïve ☃ 'quoted' \"x\"", true, localMicros], latest[0].Values);
        Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)latest[0].Values[4]!).Offset);
        Assert.Equal(new object?[5], latest[1].Values);
        Assert.Equal([42L, 1e300, "", false, DateTimeOffset.UnixEpoch], latest[2].Values);
        Assert.Equal(localMicros, latest[3].EventTime);
        Assert.Equal(localMicros, latest[3].CreatedAt);
        Assert.Equal(TimeSpan.Zero, latest[3].EventTime.Offset);
        Assert.Equal([long.MaxValue, double.NaN, "x", false, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)], latest[3].Values);

        var frame = await _temp.Store.GetHistoricalFeaturesAsync("acme", Frame(("c1", T0), ("c2", T0), ("c3", T0), ("c4", local)), [Select(All, "i", "d", "s", "b", "t")], CancellationToken.None);
        for (var row = 0; row < 4; row++)
        {
            Assert.Equal(latest[row].Values, frame.Columns.Select(c => c.Values[row]));
        }
        Assert.Equal([T0, T0, T0, localMicros], frame.Timestamps);
        Assert.All(frame.Columns.Zip(All.Features), p => Assert.Equal(p.Second.Type, p.First.Type));
        Assert.IsType<long>(frame.Column("all_types__i").Values[2]);
    }

    [Fact]
    public async Task Ints_widen_to_int64_and_numbers_to_double()
    {
        await _temp.Store.AppendAsync("acme", All, "v1", [Row("c1", T0, "e1", 7, 3, "s", true, null)], CancellationToken.None);

        var latest = await _temp.Store.LatestPerEntityAsync("acme", All, T0, T0.AddDays(1), CancellationToken.None);

        Assert.Equal([7L, 3.0, "s", true, null], latest[0].Values);
    }
}
