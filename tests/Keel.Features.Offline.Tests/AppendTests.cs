using Keel.Features.Definitions;
using static Keel.Features.Offline.Tests.Build;

namespace Keel.Features.Offline.Tests;

public sealed class AppendTests : IDisposable
{
    private static readonly FeatureViewDefinition Spend = View("spend", null, ("amount", FeatureType.Double), ("count", FeatureType.Int64));

    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Append_writes_one_file_per_event_date_and_counts_rows()
    {
        FeatureRow[] rows =
        [
            Row("c1", T0.AddHours(1), "e1", 1.5, 1L),
            Row("c2", T0.AddHours(23), "e2", 2.5, 2L),
            Row("c1", T0.AddDays(1).AddHours(2), "e3", 3.5, 3L),
            // 01:00 at +02:00 is 23:00 UTC the day before: partitions follow the UTC date.
            Row("c3", new DateTimeOffset(2024, 3, 4, 1, 0, 0, TimeSpan.FromHours(2)), "e4", 4.5, 4L),
        ];

        var added = await _temp.Store.AppendAsync("acme", Spend, "v1", rows, CancellationToken.None);

        Assert.Equal(4, added);
        Assert.Equal(4, await _temp.Store.CountAsync("acme", "spend", CancellationToken.None));
        var directories = _temp.ParquetFiles()
            .Select(f => Path.GetRelativePath(_temp.Root, Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Order()
            .ToArray();
        Assert.Equal(["acme/spend/date=2024-03-01", "acme/spend/date=2024-03-02", "acme/spend/date=2024-03-03"], directories);
        Assert.All(_temp.ParquetFiles(), f => Assert.Matches("^part-[0-9a-f]{32}\\.parquet$", Path.GetFileName(f)));
    }

    [Fact]
    public async Task Appending_the_same_events_again_adds_nothing()
    {
        FeatureRow[] rows = [Row("c1", T0, "e1", 1.0, 1L), Row("c2", T0.AddDays(1), "e2", 2.0, 2L)];
        Assert.Equal(2, await _temp.Store.AppendAsync("acme", Spend, "v1", rows, CancellationToken.None));
        var files = _temp.ParquetFiles().Length;

        // Same ids with other values: the stored rows stand, as the events were already processed.
        FeatureRow[] again = [Row("c1", T0, "e1", 100.0, 100L), Row("c2", T0.AddDays(1), "e2", 200.0, 200L)];
        Assert.Equal(0, await _temp.Store.AppendAsync("acme", Spend, "v1", again, CancellationToken.None));

        Assert.Equal(2, await _temp.Store.CountAsync("acme", "spend", CancellationToken.None));
        Assert.Equal(files, _temp.ParquetFiles().Length);
        var latest = await _temp.Store.LatestPerEntityAsync("acme", Spend, T0, T0.AddDays(2), CancellationToken.None);
        Assert.Equal([1.0, 2.0], latest.Select(r => r.Values[0]));
    }

    [Fact]
    public async Task A_batch_with_duplicates_inside_and_already_stored_ids_adds_only_new_events_once()
    {
        await _temp.Store.AppendAsync("acme", Spend, "v1", [Row("c1", T0, "e1", 1.0, 1L)], CancellationToken.None);

        FeatureRow[] batch =
        [
            Row("c1", T0, "e1", 9.0, 9L),
            Row("c2", T0.AddHours(1), "e2", 2.0, 2L),
            Row("c2", T0.AddHours(2), "e2", 7.0, 7L),
            Row("c3", T0.AddHours(3), "e3", 3.0, 3L),
            Row("c3", T0.AddHours(3), "e3", 3.0, 3L),
        ];

        Assert.Equal(2, await _temp.Store.AppendAsync("acme", Spend, "v1", batch, CancellationToken.None));
        Assert.Equal(3, await _temp.Store.CountAsync("acme", "spend", CancellationToken.None));
        var latest = await _temp.Store.LatestPerEntityAsync("acme", Spend, T0, T0.AddDays(1), CancellationToken.None);
        // The first row of a duplicated id wins.
        Assert.Equal([("c1", 1.0), ("c2", 2.0), ("c3", 3.0)], latest.Select(r => (r.EntityKey, (double)r.Values[0]!)));
    }

    [Fact]
    public async Task Concurrent_appends_of_overlapping_batches_store_each_event_once()
    {
        var rows = Enumerable.Range(0, 200).Select(i => Row("c" + (i % 7), T0.AddMinutes(i), "e" + i, (double)i, (long)i)).ToArray();

        var added = await Task.WhenAll(Enumerable.Range(0, 6).Select(k =>
            Task.Run(() => _temp.Store.AppendAsync("acme", Spend, "v1", rows.Skip(k * 20).Take(100).ToArray(), CancellationToken.None))));

        Assert.Equal(200, added.Sum());
        Assert.Equal(200, await _temp.Store.CountAsync("acme", "spend", CancellationToken.None));
    }

    [Fact]
    public async Task Two_stores_on_the_same_files_as_two_processes_store_each_event_once()
    {
        // Separate instances do not share the in-process append lock, so they race on the
        // manifest as two processes would: both find a batch new and write it, one commits, and
        // the other's commit fails, removes its files, re-checks and finds nothing left to add.
        var first = _temp.Store;
        var second = new ParquetOfflineStore(_temp.Options);
        var total = 0;
        for (var round = 0; round < 10; round++)
        {
            var rows = Enumerable.Range(round * 20, 30).Select(i => Row("c" + (i % 11), T0.AddMinutes(i), "e" + i, (double)i, (long)i)).ToArray();
            // Two dedicated threads released together, as two processes appending the same batch.
            using var start = new Barrier(2);
            var appends = new[] { first, second }.Select(store => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                return store.AppendAsync("acme", Spend, "v1", rows, CancellationToken.None).GetAwaiter().GetResult();
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
            total += (await Task.WhenAll(appends)).Sum();
        }

        Assert.Equal(210, total);
        Assert.Equal(210, await second.CountAsync("acme", "spend", CancellationToken.None));
        var latest = await first.LatestPerEntityAsync("acme", Spend, T0, T0.AddDays(1), CancellationToken.None);
        Assert.Equal(Enumerable.Range(199, 11).Select(i => (double)i), latest.Select(r => (double)r.Values[0]!).Order());
        // The losers' files were removed: nothing on disk is uncommitted.
        Assert.Equal(0, new ParquetOfflineStore(_temp.Options with { OrphanGracePeriod = TimeSpan.Zero }).OrphansSwept);
    }

    [Fact]
    public async Task Files_are_plain_parquet_with_utc_microsecond_timestamps_and_truthful_statistics()
    {
        var view = View("typed", null, ("i", FeatureType.Int64), ("d", FeatureType.Double), ("s", FeatureType.String), ("b", FeatureType.Bool), ("t", FeatureType.Timestamp));
        await _temp.Store.AppendAsync("acme", view, "v7",
        [
            Row("c2", T0.AddHours(3).AddTicks(10), "e1", 1L, 1.5, "x", true, T0),
            Row("c1", T0.AddHours(1), "e2", null, null, null, null, null),
        ], CancellationToken.None);
        var file = Assert.Single(_temp.ParquetFiles()).Replace("'", "''", StringComparison.Ordinal);

        using var duck = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"SELECT name, type, logical_type FROM parquet_schema('{file}') WHERE type IS NOT NULL";
        var schema = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                schema.Add($"{reader.GetString(0)}:{reader.GetString(1)}:{(reader.IsDBNull(2) ? "" : reader.GetString(2))}");
            }
        }
        Assert.Equal(["entity_key", "event_timestamp", "created_timestamp", "event_id", "view_version", "i", "d", "s", "b", "t"], schema.Select(s => s.Split(':')[0]));
        Assert.All(schema.Where(s => s.StartsWith("event_timestamp", StringComparison.Ordinal) || s.StartsWith("created_timestamp", StringComparison.Ordinal) || s.StartsWith("t:", StringComparison.Ordinal)),
            s => Assert.Contains("isAdjustedToUTC=1", s.Replace(" ", "", StringComparison.Ordinal)));
        Assert.All(schema.Where(s => s.StartsWith("event_timestamp", StringComparison.Ordinal)), s => Assert.Contains("MICROS", s));

        // Row-group statistics must bound the real values, or readers that skip row groups by them drop rows.
        command.CommandText = $"SELECT stats_min_value, stats_max_value FROM parquet_metadata('{file}') WHERE path_in_schema = 'event_timestamp'";
        using (var reader = command.ExecuteReader())
        {
            Assert.True(reader.Read());
            Assert.StartsWith("2024-03-01 01:00:00", reader.GetString(0));
            Assert.StartsWith("2024-03-01 03:00:00.000001", reader.GetString(1));
        }
        command.CommandText = $"SELECT entity_key, view_version FROM read_parquet('{file}')";
        using (var reader = command.ExecuteReader())
        {
            // Sorted by event time within the file.
            Assert.True(reader.Read());
            Assert.Equal(("c1", "v7"), (reader.GetString(0), reader.GetString(1)));
        }
    }

    [Fact]
    public async Task A_row_of_the_wrong_type_rejects_the_whole_batch()
    {
        FeatureRow[] rows = [Row("c1", T0, "e1", 1.0, 1L), Row("c2", T0, "e2", "not a number", 2L)];

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _temp.Store.AppendAsync("acme", Spend, "v1", rows, CancellationToken.None));

        Assert.Contains("row 1", error.Message);
        Assert.Contains("amount", error.Message);
        Assert.Equal(0, await _temp.Store.CountAsync("acme", "spend", CancellationToken.None));
        Assert.DoesNotContain(Directory.GetFiles(_temp.Root, "*", SearchOption.AllDirectories), f => !Path.GetFileName(f).StartsWith("_manifest", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_append_that_fails_midway_leaves_no_files_and_stores_nothing()
    {
        FeatureRow[] rows = [Row("c1", T0, "e1", 1.0, 1L), Row("c2", T0.AddDays(1), "e2", 2.0, 2L), Row("c3", T0.AddDays(2), "e3", 3.0, 3L)];
        // A file where the second day's partition directory must go: the first partition is
        // written, then the second cannot be, as if the disk failed halfway through the batch.
        var viewDirectory = Path.Combine(_temp.Root, "acme", "spend");
        Directory.CreateDirectory(viewDirectory);
        var blocker = Path.Combine(viewDirectory, "date=2024-03-02");
        await File.WriteAllTextAsync(blocker, "in the way");

        await Assert.ThrowsAnyAsync<IOException>(() => _temp.Store.AppendAsync("acme", Spend, "v1", rows, CancellationToken.None));

        Assert.Equal(0, await _temp.Store.CountAsync("acme", "spend", CancellationToken.None));
        Assert.Empty(Directory.GetFiles(viewDirectory, "*.parquet*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(viewDirectory, ".part-*", SearchOption.AllDirectories));

        // Nothing was recorded either, so the same events go in once the fault is gone.
        File.Delete(blocker);
        Assert.Equal(3, await _temp.Store.AppendAsync("acme", Spend, "v1", rows, CancellationToken.None));
        Assert.Equal(3, await _temp.Store.CountAsync("acme", "spend", CancellationToken.None));
    }

    [Theory]
    [InlineData("Acme", "spend")]
    [InlineData("../acme", "spend")]
    [InlineData("acme", "../spend")]
    [InlineData("acme", "a/b")]
    public async Task Names_that_are_not_path_safe_are_rejected(string tenant, string view)
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _temp.Store.AppendAsync(tenant, Spend with { Name = view }, "v1", [Row("c1", T0, "e1", 1.0, 1L)], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _temp.Store.CountAsync(tenant, view, CancellationToken.None));
    }

    [Fact]
    public async Task A_feature_named_like_a_store_column_is_rejected()
    {
        var view = View("clash", null, ("Event_Id", FeatureType.String));

        await Assert.ThrowsAsync<ArgumentException>(() =>
            _temp.Store.AppendAsync("acme", view, "v1", [Row("c1", T0, "e1", "x")], CancellationToken.None));
    }

    [Fact]
    public async Task An_orphan_file_is_ignored_by_queries_and_swept_when_old_enough()
    {
        await _temp.Store.AppendAsync("acme", Spend, "v1", [Row("c1", T0, "e1", 1.0, 1L)], CancellationToken.None);
        // What a crash between rename and manifest commit leaves: a complete Parquet file in the
        // partition, with a later value for the same entity, that the manifest does not list.
        using (var other = new TempStore())
        {
            await other.Store.AppendAsync("acme", Spend, "v1", [Row("c1", T0.AddHours(1), "e2", 99.0, 99L)], CancellationToken.None);
            var source = Assert.Single(other.ParquetFiles());
            File.Copy(source, Path.Combine(_temp.Root, "acme", "spend", "date=2024-03-01", Path.GetFileName(source)));
        }
        Assert.Equal(2, _temp.ParquetFiles().Length);

        Assert.Equal(1, await _temp.Store.CountAsync("acme", "spend", CancellationToken.None));
        var latest = await _temp.Store.LatestPerEntityAsync("acme", Spend, T0, T0.AddDays(1), CancellationToken.None);
        Assert.Equal(1.0, Assert.Single(latest).Values[0]);
        var frame = await _temp.Store.GetHistoricalFeaturesAsync("acme", Frame(("c1", T0.AddHours(2))), [Select(Spend, "amount")], CancellationToken.None);
        Assert.Equal(1.0, frame.Column("spend__amount").Values[0]);

        // And what a crash while writing leaves: a temporary file never renamed.
        var temp = Path.Combine(_temp.Root, "acme", "spend", "date=2024-03-01", ".part-0123.parquet.tmp");
        await File.WriteAllTextAsync(temp, "half a file");

        // Young orphans may be another process's append in flight: they stay.
        Assert.Equal(0, _temp.Reopen(TimeSpan.FromMinutes(15)).OrphansSwept);
        Assert.Equal(2, _temp.ParquetFiles().Length);
        Assert.True(File.Exists(temp));

        Assert.Equal(2, _temp.Reopen(TimeSpan.Zero).OrphansSwept);
        Assert.Single(_temp.ParquetFiles());
        Assert.False(File.Exists(temp));
        Assert.Equal(1, await _temp.Store.CountAsync("acme", "spend", CancellationToken.None));
    }

    [Fact]
    public async Task A_view_whose_features_changed_reads_across_versions()
    {
        var v1 = View("profile", null, ("age", FeatureType.Int64), ("city", FeatureType.String));
        // Version 2 drops 'city', adds 'score', and turns 'age' into a double.
        var v2 = View("profile", null, ("score", FeatureType.Double), ("age", FeatureType.Double));
        await _temp.Store.AppendAsync("acme", v1, "v1", [Row("c1", T0, "e1", 30L, "Oslo"), Row("c2", T0, "e2", 40L, "Rome")], CancellationToken.None);
        await _temp.Store.AppendAsync("acme", v2, "v2", [Row("c2", T0.AddDays(1), "e3", 0.5, 41.5)], CancellationToken.None);

        var frame = await _temp.Store.GetHistoricalFeaturesAsync(
            "acme",
            Frame(("c1", T0.AddDays(2)), ("c2", T0.AddDays(2)), ("c2", T0.AddHours(1))),
            [new ViewSelection(v2, "v2", ["age", "score"])],
            CancellationToken.None);

        Assert.Equal([30.0, 41.5, 40.0], frame.Column("profile__age").Values);
        Assert.Equal([null, 0.5, null], frame.Column("profile__score").Values);

        var latest = await _temp.Store.LatestPerEntityAsync("acme", v2, T0, T0.AddDays(3), CancellationToken.None);
        Assert.Equal([(object?)null, 30.0], latest[0].Values);
        Assert.Equal([0.5, 41.5], latest[1].Values);
    }

    [Fact]
    public async Task An_empty_store_answers_empty_results()
    {
        Assert.Equal(0, await _temp.Store.CountAsync("acme", "spend", CancellationToken.None));
        Assert.Empty(await _temp.Store.LatestPerEntityAsync("acme", Spend, T0, T0.AddDays(1), CancellationToken.None));
        var frame = await _temp.Store.GetHistoricalFeaturesAsync("acme", Frame(("c1", T0)), [Select(Spend)], CancellationToken.None);
        Assert.Equal([null], frame.Column("spend__amount").Values);
        Assert.Equal([null], frame.Column("spend__count").Values);
        var training = await _temp.Store.GetTrainingSetAsync("acme", Select(Spend, "amount"), [Select(Spend, "count")], CancellationToken.None);
        Assert.Equal(0, training.RowCount);
        Assert.Equal(["spend__amount", "spend__count"], training.Columns.Select(c => c.Name));
    }
}
