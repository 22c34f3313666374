using System.Globalization;

namespace Keel.PredictionLog.Spool;

/// <summary>A place in the spool: a segment's sequence number and a byte offset in it.</summary>
internal readonly record struct SpoolPosition(long Segment, long Offset)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Segment} {Offset}");

    public static bool TryParse(string text, out SpoolPosition position)
    {
        position = default;
        var parts = text.Trim().Split(' ');
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var segment)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            position = new SpoolPosition(segment, offset);
            return true;
        }
        return false;
    }
}

/// <summary>Records read from the spool's acknowledged position on, and the position just after them.</summary>
internal sealed record SpoolRead(IReadOnlyList<byte[]> Records, SpoolPosition End);

/// <summary>How many of the records offered fit under the spool's bound, and the position just after them.</summary>
internal readonly record struct SpoolAppend(int Count, SpoolPosition End);
