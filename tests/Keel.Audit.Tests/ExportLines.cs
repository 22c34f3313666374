using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Keel.Audit.Tests;

/// <summary>An export file's lines, for editing it as someone holding only the file would.</summary>
internal sealed class ExportLines(string path)
{
    public List<string> Lines { get; } = [.. File.ReadAllLines(path)];

    public int IndexOfEntry(long sequence) => IndexOf("entry", sequence);

    public int IndexOfSealed(long sequence) => IndexOf("sealed", sequence);

    public int IndexOfCheckpoint(long sequence) => IndexOf("checkpoint", sequence);

    public void Edit(long sequence, string from, string to)
    {
        var index = IndexOfEntry(sequence);
        Assert.Contains(from, Lines[index]);
        Lines[index] = Lines[index].Replace(from, to, StringComparison.Ordinal);
    }

    public void Replace(AuditEntry entry) => Lines[IndexOfEntry(entry.Sequence)] = Line(entry);

    public void Replace(AuditSealedEntry entry) => Lines[IndexOfSealed(entry.Sequence)] = Line(entry);

    /// <summary>The sealed line of <paramref name="sequence"/> as written.</summary>
    public AuditSealedEntry Sealed(long sequence)
    {
        var json = JsonNode.Parse(Lines[IndexOfSealed(sequence)])!;
        return new AuditSealedEntry(sequence, (string)json["digest"]!, (string)json["previous_hash"]!, (string)json["hash"]!);
    }

    /// <summary>Adds <paramref name="by"/> to the sequence of every entry line, full or sealed, from <paramref name="from"/> on; bytes elsewhere untouched.</summary>
    public void Renumber(long from, int by)
    {
        for (var i = 0; i < Lines.Count; i++)
        {
            var match = Regex.Match(Lines[i], """^\{"kind":"(entry|sealed)","sequence":(\d+),""");
            if (match.Success && long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) is var sequence && sequence >= from)
            {
                Lines[i] = string.Create(CultureInfo.InvariantCulture, $"{{\"kind\":\"{match.Groups[1].Value}\",\"sequence\":{sequence + by},") + Lines[i][match.Length..];
            }
        }
    }

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
        ["salt"] = entry.Salt,
        ["previous_hash"] = entry.PreviousHash,
        ["hash"] = entry.Hash,
    }.ToJsonString();

    public static string Line(AuditSealedEntry entry) => new JsonObject
    {
        ["kind"] = "sealed",
        ["sequence"] = entry.Sequence,
        ["digest"] = entry.Digest,
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
