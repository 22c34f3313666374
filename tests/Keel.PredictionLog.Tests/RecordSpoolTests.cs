using System.Text;
using Keel.PredictionLog.Spool;
using Microsoft.Extensions.Logging.Abstractions;

namespace Keel.PredictionLog.Tests;

/// <summary>The spool's files: order, acknowledgement, segments, crash recovery and exclusivity.</summary>
public sealed class RecordSpoolTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-spool-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Records_come_back_in_order_across_segments_until_acknowledged()
    {
        using var spool = Open(segmentBytes: 1024);
        var appended = spool.Append(Records(0, 100));

        Assert.Equal(100, appended.Count);
        Assert.True(Directory.GetFiles(_dir, "segment-*").Length > 1);
        var first = spool.Read(40);
        Assert.Equal(Texts(0, 40), first.Records.Select(Text));
        // Unacknowledged records are read again.
        Assert.Equal(Texts(0, 40), spool.Read(40).Records.Select(Text));

        spool.Acknowledge(first.End, first.Records.Count);
        var rest = spool.Read(1000);
        Assert.Equal(Texts(40, 60), rest.Records.Select(Text));
        Assert.Equal(60, spool.PendingRecords);

        spool.Acknowledge(rest.End, rest.Records.Count);
        Assert.Equal(0, spool.PendingRecords);
        Assert.Equal(0, spool.Bytes);
        Assert.Empty(Directory.GetFiles(_dir, "segment-*"));
    }

    [Fact]
    public void Drained_segments_are_deleted_as_the_position_passes_them()
    {
        using var spool = Open(segmentBytes: 1024);
        spool.Append(Records(0, 100));
        var segments = Directory.GetFiles(_dir, "segment-*").Length;

        var read = spool.Read(60);
        spool.Acknowledge(read.End, read.Records.Count);

        Assert.InRange(Directory.GetFiles(_dir, "segment-*").Length, 1, segments - 1);
        Assert.Equal(Directory.GetFiles(_dir, "segment-*").Sum(f => new FileInfo(f).Length), spool.Bytes);
    }

    [Fact]
    public void A_reopened_spool_continues_from_the_acknowledged_position()
    {
        using (var spool = Open(segmentBytes: 1024))
        {
            spool.Append(Records(0, 50));
            var read = spool.Read(20);
            spool.Acknowledge(read.End, read.Records.Count);
        }

        using var again = Open(segmentBytes: 1024);
        Assert.Equal(30, again.PendingRecords);
        Assert.Equal(Texts(20, 30), again.Read(100).Records.Select(Text));
        again.Append(Records(50, 5));
        Assert.Equal(Texts(20, 35), again.Read(100).Records.Select(Text));
    }

    [Fact]
    public void A_torn_or_damaged_tail_is_cut_off_at_the_last_whole_record()
    {
        using (var spool = Open())
        {
            spool.Append(Records(0, 10));
        }
        var segment = Directory.GetFiles(_dir, "segment-*").Single();
        var bytes = File.ReadAllBytes(segment);
        // Damage the last record's payload: its checksum no longer matches.
        bytes[^2] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);

        using var again = Open();
        Assert.Equal(9, again.PendingRecords);
        Assert.Equal(Texts(0, 9), again.Read(100).Records.Select(Text));
        Assert.True(again.DamagedBytes > 0);
        Assert.Equal(new FileInfo(segment).Length, again.Bytes);
    }

    [Fact]
    public void The_bound_stops_appending_and_says_how_many_fit()
    {
        using var spool = Open(maxBytes: 1024);

        var appended = spool.Append(Records(0, 100));

        Assert.InRange(appended.Count, 1, 99);
        Assert.True(spool.Bytes <= 1024);
        Assert.Equal(Texts(0, appended.Count), spool.Read(1000).Records.Select(Text));
    }

    [Fact]
    public void A_second_writer_on_the_same_directory_is_refused()
    {
        using var spool = Open();

        var refused = Assert.Throws<InvalidOperationException>(() => Open());

        Assert.Contains("in use", refused.Message, StringComparison.Ordinal);
    }

    private RecordSpool Open(long maxBytes = 1 << 20, long segmentBytes = 64 * 1024) =>
        RecordSpool.Open(_dir, maxBytes, segmentBytes, sync: false, NullLogger.Instance);

    private static List<byte[]> Records(int start, int count) =>
        Enumerable.Range(start, count).Select(i => Encoding.UTF8.GetBytes($"record-{i:D4}-" + new string('x', 40))).ToList();

    private static IEnumerable<string> Texts(int start, int count) => Records(start, count).Select(Text);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
