using System.Text;
using CloudNative.CloudEvents;
using Keel.Events;
using Microsoft.Extensions.Logging;

namespace Keel.Metering;

/// <summary>
/// Cost events that could not wait in memory (at stop with the log unreachable, or past the in-memory
/// limit), one JSON event per line in files written whole (temporary name, then renamed). A file is
/// claimed by renaming it before it is read, so two processes sharing the directory never both send
/// it; it is deleted once every event in it is on the log. A crash in between leaves the claimed file,
/// which is given back after <see cref="ClaimTimeout"/>: its events are sent again with the same ids,
/// which consumers drop.
/// </summary>
public sealed class CostSpool(string directory, ILogger logger)
{
    public const string Extension = ".jsonl";
    private const string ClaimedExtension = ".sending";

    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(30);

    private readonly CloudEventCodec _codec = CloudEventCodec.Default;

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>Spooled files not yet claimed.</summary>
    public int Files => System.IO.Directory.Exists(Directory) ? System.IO.Directory.GetFiles(Directory, "*" + Extension).Length : 0;

    public void Write(IReadOnlyList<CloudEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }
        System.IO.Directory.CreateDirectory(Directory);
        // Names sort by time, so the oldest usage is sent first.
        var name = $"{DateTime.UtcNow.Ticks:D19}-{Guid.NewGuid():N}";
        var temp = Path.Combine(Directory, "." + name + ".tmp");
        using (var file = new StreamWriter(temp, append: false, new UTF8Encoding(false)))
        {
            foreach (var cloudEvent in events)
            {
                file.Write(Encoding.UTF8.GetString(_codec.Encode(cloudEvent)));
                file.Write('\n');
            }
            file.Flush();
            ((FileStream)file.BaseStream).Flush(flushToDisk: true);
        }
        File.Move(temp, Path.Combine(Directory, name + Extension));
    }

    /// <summary>Claims the oldest spooled file and reads its events; false when there is none.</summary>
    public bool TryClaimOldest(out string claimed, out List<CloudEvent> events)
    {
        claimed = "";
        events = [];
        if (!System.IO.Directory.Exists(Directory))
        {
            return false;
        }
        ReleaseAbandonedClaims();
        foreach (var path in System.IO.Directory.GetFiles(Directory, "*" + Extension).Order(StringComparer.Ordinal))
        {
            var target = path + ClaimedExtension;
            try
            {
                File.Move(path, target);
                File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another process claimed it first.
                continue;
            }
            claimed = target;
            events = Read(target);
            return true;
        }
        return false;
    }

    public void Delete(string claimed)
    {
        try
        {
            File.Delete(claimed);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Could not delete the sent cost spool file {File}; its events will be sent again and dropped as duplicates", claimed);
        }
    }

    /// <summary>Gives a claimed file back unsent, for the next claim.</summary>
    public void Release(string claimed)
    {
        try
        {
            File.Move(claimed, claimed[..^ClaimedExtension.Length]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Could not give back the cost spool file {File}; it is given back after {Timeout}", claimed, ClaimTimeout);
        }
    }

    private List<CloudEvent> Read(string path)
    {
        var events = new List<CloudEvent>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }
            var decoded = _codec.Decode(Encoding.UTF8.GetBytes(text));
            if (decoded.Event is { } cloudEvent)
            {
                events.Add(cloudEvent);
            }
            else
            {
                // Only a torn write or a hand edit gets here; the rest of the file is still good.
                logger.LogError("Line {Line} of the cost spool file {File} is not a cost event ({Problems}); it is skipped",
                    line, path, string.Join("; ", decoded.Problems.Select(p => $"{p.Field}: {p.Message}")));
            }
        }
        return events;
    }

    private void ReleaseAbandonedClaims()
    {
        foreach (var claimed in System.IO.Directory.GetFiles(Directory, "*" + Extension + ClaimedExtension))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(claimed) < ClaimTimeout)
            {
                continue;
            }
            try
            {
                File.Move(claimed, claimed[..^ClaimedExtension.Length]);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Someone else gave it back or finished it meanwhile.
            }
        }
    }
}
