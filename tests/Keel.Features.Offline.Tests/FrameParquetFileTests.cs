using DuckDB.NET.Data;
using Keel.Features.Definitions;

namespace Keel.Features.Offline.Tests;

public sealed class FrameParquetFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-frame-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_type_and_null_round_trips_and_timestamps_filter_correctly()
    {
        var t0 = new DateTimeOffset(2026, 5, 1, 8, 30, 15, TimeSpan.Zero).AddTicks(1230);
        var path = Path.Combine(_dir, "set.parquet");
        FrameParquetFile.Write(path,
        [
            new FrameColumn("entity", FeatureType.String, ["a", "b", null]),
            new FrameColumn("seen_at", FeatureType.Timestamp, [t0, t0.AddDays(1), null]),
            new FrameColumn("count", FeatureType.Int64, [1L, null, long.MaxValue]),
            new FrameColumn("ratio", FeatureType.Double, [0.5, double.MinValue, null]),
            new FrameColumn("flag", FeatureType.Bool, [true, false, null]),
        ]);

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT entity, epoch_us(seen_at), count, ratio, flag FROM read_parquet('{path}') ORDER BY entity NULLS LAST";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("a", reader.GetString(0));
        Assert.Equal((t0 - DateTimeOffset.UnixEpoch).Ticks / 10, reader.GetInt64(1));
        Assert.Equal(1L, reader.GetInt64(2));
        Assert.Equal(0.5, reader.GetDouble(3));
        Assert.True(reader.GetBoolean(4));
        Assert.True(reader.Read());
        Assert.True(reader.IsDBNull(2));
        Assert.True(reader.Read());
        Assert.True(reader.IsDBNull(0));
        Assert.True(reader.IsDBNull(1));
        Assert.Equal(long.MaxValue, reader.GetInt64(2));

        // A filter on the timestamp reads the row groups its statistics say hold the value.
        using var filter = connection.CreateCommand();
        filter.CommandText = $"SELECT count(*) FROM read_parquet('{path}') WHERE seen_at > '2026-05-02 00:00:00+00'::TIMESTAMPTZ";
        Assert.Equal(1L, Convert.ToInt64(filter.ExecuteScalar()));
    }

    [Fact]
    public void Columns_of_different_lengths_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => FrameParquetFile.Write(Path.Combine(_dir, "x.parquet"),
            [new FrameColumn("a", FeatureType.Int64, [1L]), new FrameColumn("b", FeatureType.Int64, [1L, 2L])]));

        Assert.Contains("same number", error.Message);
    }
}
