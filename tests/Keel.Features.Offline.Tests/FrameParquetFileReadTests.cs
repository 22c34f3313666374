using DuckDB.NET.Data;
using Keel.Features.Definitions;

namespace Keel.Features.Offline.Tests;

public sealed class FrameParquetFileReadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-frame-read-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void What_write_wrote_reads_back_with_names_types_values_and_row_order()
    {
        var t0 = new DateTimeOffset(2026, 5, 1, 8, 30, 15, TimeSpan.Zero).AddTicks(1230);
        var rows = 5000;
        var random = new Random(7);
        // Keys in a scrambled order: reading must keep the written order, not sort or regroup.
        var keys = Enumerable.Range(0, rows).Select(i => ((i * 7919) % rows).ToString("D5")).Cast<object?>().ToArray();
        FrameColumn[] written =
        [
            new("entity_key", FeatureType.String, keys),
            new("event_timestamp", FeatureType.Timestamp, Enumerable.Range(0, rows).Select(i => (object?)(i % 97 == 0 ? null : t0.AddSeconds(-i))).ToArray()),
            new("count", FeatureType.Int64, Enumerable.Range(0, rows).Select(i => (object?)(i % 11 == 0 ? null : (long)i * 1_000_003)).ToArray()),
            new("ratio", FeatureType.Double, Enumerable.Range(0, rows).Select(i => (object?)(i % 13 == 0 ? null : random.NextDouble() * 1e6 - 5e5)).ToArray()),
            new("flag", FeatureType.Bool, Enumerable.Range(0, rows).Select(i => (object?)(i % 17 == 0 ? null : i % 2 == 0)).ToArray()),
            new("label \"quoted\"", FeatureType.String, Enumerable.Range(0, rows).Select(i => (object?)(i % 3 == 0 ? "" : $"v{i % 5}")).ToArray()),
        ];
        var path = Path.Combine(_dir, "set.parquet");
        FrameParquetFile.Write(path, written);

        var read = FrameParquetFile.Read(path);

        Assert.Equal(written.Select(c => (c.Name, c.Type)), read.Select(c => (c.Name, c.Type)));
        for (var c = 0; c < written.Length; c++)
        {
            var expected = written[c].Type == FeatureType.Timestamp
                // The store keeps microseconds: the 123 ns of the first timestamp are truncated once, on the way in.
                ? written[c].Values.Select(v => v is DateTimeOffset t ? (object?)new DateTimeOffset(t.UtcTicks - (t.UtcTicks % 10), TimeSpan.Zero) : null)
                : written[c].Values;
            Assert.Equal(expected, read[c].Values);
        }
        Assert.IsType<DateTimeOffset>(read[1].Values[1]);
        Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)read[1].Values[1]!).Offset);
    }

    [Fact]
    public void Narrower_numeric_columns_widen_to_feature_types_and_unsupported_ones_are_named()
    {
        var path = Path.Combine(_dir, "other.parquet");
        using (var connection = new DuckDBConnection("Data Source=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"COPY (SELECT 7::INTEGER AS small, 1.5::FLOAT AS single) TO '{path}' (FORMAT parquet)";
            command.ExecuteNonQuery();
        }

        var read = FrameParquetFile.Read(path);

        Assert.Equal([(object?)7L], read[0].Values);
        Assert.Equal(FeatureType.Int64, read[0].Type);
        Assert.Equal([(object?)1.5], read[1].Values);
        Assert.Equal(FeatureType.Double, read[1].Type);

        var listPath = Path.Combine(_dir, "list.parquet");
        using (var connection = new DuckDBConnection("Data Source=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"COPY (SELECT [1, 2] AS items) TO '{listPath}' (FORMAT parquet)";
            command.ExecuteNonQuery();
        }
        var error = Assert.Throws<NotSupportedException>(() => FrameParquetFile.Read(listPath));
        Assert.Contains("items", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<FileNotFoundException>(() => FrameParquetFile.Read(Path.Combine(_dir, "absent.parquet")));
        Assert.Contains("absent.parquet", error.Message);
    }
}
