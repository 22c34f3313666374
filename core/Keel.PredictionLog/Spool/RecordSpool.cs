using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Keel.PredictionLog.Spool;

/// <summary>
/// An append-only queue of records on disk: numbered segment files
/// (<c>segment-000000000001.spool</c>, …) and an <c>ack</c> file holding the position up to which
/// Kafka acknowledged them. Each record is framed as [int32 length][uint32 CRC-32][payload], little
/// endian, so a record torn by a crash is recognised and cut off when the spool is opened again.
/// A record leaves the spool only when the acknowledged position passes it, so a crash between
/// sending and acknowledging can only resend. Drained segments are deleted whole.
/// Only one thread (the sender) calls it; the counters may be read from any thread.
/// </summary>
internal sealed class RecordSpool : IDisposable
{
    public const int FrameHeaderBytes = 8;

    /// <summary>A length beyond this is damage, not a record: a prediction event is kilobytes.</summary>
    public const int MaxRecordBytes = 16 << 20;

    private const string SegmentPrefix = "segment-";
    private const string SegmentExtension = ".spool";
    private const string AckFileName = "ack";
    private const string LockFileName = ".lock";

    private readonly string _directory;
    private readonly long _maxBytes;
    private readonly long _segmentBytes;
    private readonly bool _sync;
    private readonly ILogger _logger;
    private readonly FileStream _lock;
    private readonly List<Segment> _segments = [];
    private readonly byte[] _header = new byte[FrameHeaderBytes];
    private FileStream? _tail;
    private long _nextSequence;
    private SpoolPosition _acknowledged;
    private long _pending;
    private long _bytes;
    private bool _disposed;

    private RecordSpool(string directory, long maxBytes, long segmentBytes, bool sync, ILogger logger)
    {
        _directory = directory;
        _maxBytes = maxBytes;
        _segmentBytes = segmentBytes;
        _sync = sync;
        _logger = logger;
        System.IO.Directory.CreateDirectory(directory);
        try
        {
            // Two writers on one spool would interleave frames; the lock makes the second fail at start.
            _lock = new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"The prediction spool {directory} is in use by another process; give each instance its own Keel:PredictionLog:SpoolDirectory.", ex);
        }
    }

    public static RecordSpool Open(string directory, long maxBytes, long segmentBytes, bool sync, ILogger logger)
    {
        var spool = new RecordSpool(directory, maxBytes, segmentBytes, sync, logger);
        try
        {
            spool.Recover();
            return spool;
        }
        catch
        {
            spool.Dispose();
            throw;
        }
    }

    public string Directory => _directory;

    /// <summary>Records written and not yet acknowledged by Kafka.</summary>
    public long PendingRecords => Interlocked.Read(ref _pending);

    /// <summary>Disk used by segment files, acknowledged parts of a segment still in use included.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Bytes cut off when the spool was opened: records torn by a crash or damaged on disk.</summary>
    public long DamagedBytes { get; private set; }

    /// <summary>
    /// Appends records in order until one would pass the bound; the ones after it are not written
    /// (the caller counts them as dropped). Written records reach the operating system before it returns.
    /// </summary>
    public SpoolAppend Append(IReadOnlyList<byte[]> records)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var count = 0;
        try
        {
            foreach (var record in records)
            {
                if (record.Length is 0 or > MaxRecordBytes)
                {
                    throw new ArgumentException($"A spooled record must have 1 to {MaxRecordBytes} bytes, not {record.Length}.", nameof(records));
                }
                long frame = FrameHeaderBytes + record.Length;
                if (Bytes + frame > _maxBytes)
                {
                    break;
                }
                var tail = TailFor(frame);
                BinaryPrimitives.WriteInt32LittleEndian(_header, record.Length);
                BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(4), Crc32.Compute(record));
                tail.Write(_header);
                tail.Write(record);
                _segments[^1].Length += frame;
                AddBytes(frame);
                count++;
            }
            _tail?.Flush(_sync);
        }
        catch (IOException)
        {
            // A full or failing disk: what reached it whole is kept, the rest is cut off as after a crash.
            Reopen();
            throw;
        }
        Interlocked.Add(ref _pending, count);
        return new SpoolAppend(count, End);
    }

    /// <summary>Up to <paramref name="maxRecords"/> records from the acknowledged position on, in the order they were appended.</summary>
    public SpoolRead Read(int maxRecords)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var records = new List<byte[]>(Math.Min(maxRecords, 1024));
        var position = _acknowledged;
        foreach (var segment in _segments)
        {
            if (segment.Sequence < position.Segment)
            {
                continue;
            }
            if (records.Count >= maxRecords)
            {
                break;
            }
            var offset = segment.Sequence == position.Segment ? position.Offset : 0;
            if (offset < segment.Length)
            {
                using var stream = new FileStream(PathOf(segment.Sequence), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stream.Seek(offset, SeekOrigin.Begin);
                while (offset < segment.Length && records.Count < maxRecords)
                {
                    var record = ReadFrame(stream, segment.Length - offset);
                    if (record is null)
                    {
                        // Damaged after it was written whole: the rest of this segment cannot be trusted.
                        _logger.LogError("Prediction spool segment {Path} is damaged at byte {Offset}; its remaining {Bytes} bytes are skipped",
                            PathOf(segment.Sequence), offset, segment.Length - offset);
                        DamagedBytes += segment.Length - offset;
                        offset = segment.Length;
                        break;
                    }
                    records.Add(record);
                    offset += FrameHeaderBytes + record.Length;
                }
            }
            position = new SpoolPosition(segment.Sequence, offset);
        }
        return new SpoolRead(records, position);
    }

    /// <summary>Kafka acknowledged everything before <paramref name="end"/>: persists the position and deletes drained segments.</summary>
    public void Acknowledge(SpoolPosition end, long records)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _acknowledged = end;
        WriteAck(end);
        if (Interlocked.Add(ref _pending, -records) < 0)
        {
            Interlocked.Exchange(ref _pending, 0);
        }
        if (_segments.Count == 0 || end.Segment > _segments[^1].Sequence || (end.Segment == _segments[^1].Sequence && end.Offset >= _segments[^1].Length))
        {
            // Everything is delivered: the files go and the next record starts a fresh segment.
            DeleteAll();
            return;
        }
        while (_segments.Count > 1 && (_segments[0].Sequence < end.Segment || (_segments[0].Sequence == end.Segment && end.Offset >= _segments[0].Length)))
        {
            DeleteSegment(_segments[0]);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        CloseTail(flushToDisk: true);
        AddBytes(-Bytes);
        _lock?.Dispose();
    }

    private SpoolPosition End => _segments.Count > 0 ? new SpoolPosition(_segments[^1].Sequence, _segments[^1].Length) : _acknowledged;

    private void Recover()
    {
        var acknowledged = ReadAck();
        foreach (var sequence in SegmentSequences())
        {
            var path = PathOf(sequence);
            if (sequence < acknowledged.Segment)
            {
                File.Delete(path);
                continue;
            }
            var length = new FileInfo(path).Length;
            var start = sequence == acknowledged.Segment ? Math.Min(acknowledged.Offset, length) : 0;
            var (records, validEnd) = Scan(path, start, length);
            if (validEnd < length)
            {
                // A crash mid-write leaves a torn last record; anything after it was never acknowledged to anyone.
                _logger.LogWarning("Prediction spool segment {Path}: {Bytes} bytes after offset {Offset} are not whole records (torn by a crash or damaged) and are cut off",
                    path, length - validEnd, validEnd);
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None))
                {
                    stream.SetLength(validEnd);
                }
                DamagedBytes += length - validEnd;
            }
            _segments.Add(new Segment(sequence, validEnd));
            AddBytes(validEnd);
            _pending += records;
        }
        _nextSequence = Math.Max(acknowledged.Segment + 1, _segments.Count > 0 ? _segments[^1].Sequence + 1 : 1);
        _acknowledged = acknowledged;
        if (_pending == 0)
        {
            DeleteAll();
        }
    }

    /// <summary>After a failed write: closes the tail and re-reads the spool from disk, cutting off a partial record.</summary>
    private void Reopen()
    {
        try
        {
            CloseTail(flushToDisk: false);
        }
        catch (IOException)
        {
            // The buffered bytes could not be written either; recovery below finds the file as it is.
        }
        _tail = null;
        AddBytes(-Bytes);
        _segments.Clear();
        Interlocked.Exchange(ref _pending, 0);
        var acknowledged = _acknowledged;
        WriteAck(acknowledged);
        Recover();
    }

    private (long Records, long ValidEnd) Scan(string path, long start, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(start, SeekOrigin.Begin);
        var offset = start;
        long records = 0;
        while (offset < length && ReadFrame(stream, length - offset) is { } record)
        {
            offset += FrameHeaderBytes + record.Length;
            records++;
        }
        return (records, offset);
    }

    /// <summary>The next record, or null when what follows is not a whole record with a matching checksum.</summary>
    private byte[]? ReadFrame(FileStream stream, long available)
    {
        Span<byte> header = stackalloc byte[FrameHeaderBytes];
        if (available < FrameHeaderBytes || stream.ReadAtLeast(header, FrameHeaderBytes, throwOnEndOfStream: false) < FrameHeaderBytes)
        {
            return null;
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        var checksum = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (length is <= 0 or > MaxRecordBytes || FrameHeaderBytes + (long)length > available)
        {
            return null;
        }
        var record = new byte[length];
        if (stream.ReadAtLeast(record, length, throwOnEndOfStream: false) < length || Crc32.Compute(record) != checksum)
        {
            return null;
        }
        return record;
    }

    private FileStream TailFor(long frame)
    {
        var last = _segments.Count > 0 ? _segments[^1] : null;
        // A record larger than a segment still gets one of its own.
        var fits = last is not null && (last.Length == 0 || last.Length + frame <= _segmentBytes);
        if (_tail is not null && fits)
        {
            return _tail;
        }
        // A finished segment is forced to the device: only the tail can be lost to a machine crash.
        CloseTail(flushToDisk: true);
        if (!fits)
        {
            last = new Segment(_nextSequence++, 0);
            _segments.Add(last);
        }
        _tail = new FileStream(PathOf(last!.Sequence), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 64 * 1024);
        _tail.SetLength(last.Length);
        _tail.Seek(last.Length, SeekOrigin.Begin);
        return _tail;
    }

    private void CloseTail(bool flushToDisk)
    {
        if (_tail is null)
        {
            return;
        }
        var tail = _tail;
        _tail = null;
        try
        {
            tail.Flush(flushToDisk);
        }
        finally
        {
            tail.Dispose();
        }
    }

    private void DeleteAll()
    {
        CloseTail(flushToDisk: false);
        while (_segments.Count > 0)
        {
            DeleteSegment(_segments[0]);
        }
        Interlocked.Exchange(ref _pending, 0);
        _acknowledged = new SpoolPosition(_nextSequence, 0);
    }

    private void DeleteSegment(Segment segment)
    {
        if (_segments.Count > 0 && ReferenceEquals(segment, _segments[^1]))
        {
            CloseTail(flushToDisk: false);
        }
        File.Delete(PathOf(segment.Sequence));
        _segments.Remove(segment);
        AddBytes(-segment.Length);
    }

    private SpoolPosition ReadAck()
    {
        var path = Path.Combine(_directory, AckFileName);
        if (!File.Exists(path))
        {
            return new SpoolPosition(0, 0);
        }
        if (SpoolPosition.TryParse(File.ReadAllText(path), out var position))
        {
            return position;
        }
        // Without a position every record still on disk is sent again: duplicates by id, never a loss.
        _logger.LogWarning("Prediction spool acknowledgement file {Path} is unreadable; every spooled record will be sent again", path);
        return new SpoolPosition(0, 0);
    }

    /// <summary>Written to a temporary file and renamed over the old one, so a crash leaves either position, never half of one.</summary>
    private void WriteAck(SpoolPosition position)
    {
        var path = Path.Combine(_directory, AckFileName);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(position.ToString() + "\n"));
            stream.Flush(_sync);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private IEnumerable<long> SegmentSequences() =>
        System.IO.Directory.EnumerateFiles(_directory, SegmentPrefix + "*" + SegmentExtension)
            .Select(path => Path.GetFileNameWithoutExtension(path)[SegmentPrefix.Length..])
            .Select(text => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : -1)
            .Where(sequence => sequence >= 0)
            .Order()
            .ToList();

    private string PathOf(long sequence) =>
        Path.Combine(_directory, SegmentPrefix + sequence.ToString("D12", CultureInfo.InvariantCulture) + SegmentExtension);

    private void AddBytes(long delta)
    {
        if (delta != 0)
        {
            Interlocked.Add(ref _bytes, delta);
            PredictionLogMetrics.SpooledBytes.Add(delta);
        }
    }

    private sealed class Segment(long sequence, long length)
    {
        public long Sequence { get; } = sequence;

        public long Length { get; set; } = length;
    }
}
