using System.Globalization;
using System.Text.Json.Nodes;

namespace Keel.Audit.Tests;

/// <summary>An export file's lines, for editing it as someone holding only the file would.</summary>
internal sealed class ExportLines(string path)
{
    public List<string> Lines { get; } = [.. File.ReadAllLines(path)];

    public int IndexOfEntry(long sequence) => IndexOf("entry", sequence);

    public int IndexOfCheckpoint(long sequence) => IndexOf("checkpoint", sequence);

    public void Edit(long sequence, string from, string to)
    {
        var index = IndexOfEntry(sequence);
        Assert.Contains(from, Lines[index]);
        Lines[index] = Lines[index].Replace(from, to, StringComparison.Ordinal);
    }

    public void Replace(AuditEntry entry) => Lines[IndexOfEntry(entry.Sequence)] = Line(entry);

    public void Save() => File.WriteAllLines(path, Lines);

    public static string Line(AuditEntry entry) => new JsonObject
    {
        ["kind"] = "entry",
        ["sequence"] = entry.Sequence,
        ["time"] = entry.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["tenant"] = entry.Tenant,
        ["actor"] = entry.Actor,
        ["action"] = entry.Action,
        ["target"] = entry.Target,
        ["details"] = JsonNode.Parse(entry.Details),
        ["previous_hash"] = entry.PreviousHash,
        ["hash"] = entry.Hash,
    }.ToJsonString();

    private int IndexOf(string kind, long sequence)
    {
        var index = Lines.FindIndex(line => JsonNode.Parse(line) is JsonObject json && (string?)json["kind"] == kind && (long?)json["sequence"] == sequence);
        Assert.True(index >= 0, $"no {kind} line for {sequence}");
        return index;
    }
}
