using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Keel.Events;
using Keel.Features.Definitions;

namespace Keel.Ingestion.Csv;

/// <summary>A CSV row turned into a record event, or the reason it could not be.</summary>
public sealed record CsvRecord(long Row, CloudEvent? Event, EventProblem? Problem);

/// <summary>
/// Replays a CSV file as record events following a dataset schema. Event ids are derived from
/// the dataset and the row's content, so replaying the same file twice adds nothing downstream.
/// Values that do not parse as their column's type are sent as text, so the platform rejects
/// them with the reason rather than this reader guessing.
/// </summary>
public sealed class CsvRecordSource(DatasetSchema schema, string csvPath, string tenant, DateTimeOffset ingestedAt)
{
    public string Source { get; } = "/keel/ingest/csv/" + Uri.EscapeDataString(Path.GetFileName(csvPath));

    public IEnumerable<CsvRecord> Read()
    {
        using var rows = CsvReader.ReadAll(csvPath).GetEnumerator();
        if (!rows.MoveNext())
        {
            yield break;
        }
        var header = rows.Current;
        var (positions, entityIndex) = CsvColumns.Locate(schema, header);
        var timeIndex = CsvColumns.IndexOf(positions, schema.EventTimeColumn);
        if (schema.EntityColumn is not null && entityIndex < 0)
        {
            throw new FormatException($"'{csvPath}' has no column for the entity key '{schema.EntityColumn}'");
        }

        long row = 0;
        while (rows.MoveNext())
        {
            var fields = rows.Current;
            if (fields.Length == 1 && fields[0] is null)
            {
                continue;
            }
            row++;
            if (fields.Length != header.Length)
            {
                yield return new CsvRecord(row, null, new EventProblem("row", $"has {fields.Length} fields, the header has {header.Length}"));
                continue;
            }

            var entity = entityIndex >= 0 ? fields[entityIndex] : row.ToString(CultureInfo.InvariantCulture);
            if (string.IsNullOrEmpty(entity))
            {
                yield return new CsvRecord(row, null, new EventProblem(schema.EntityColumn!, "is empty: every record needs an entity key"));
                continue;
            }
            var eventTime = ingestedAt;
            if (timeIndex >= 0 && !CsvValueParser.TryParseTimestamp(fields[timeIndex] ?? "", out eventTime))
            {
                yield return new CsvRecord(row, null, new EventProblem(schema.EventTimeColumn!, $"'{fields[timeIndex]}' is not an ISO-8601 timestamp"));
                continue;
            }

            var values = new JsonObject();
            foreach (var (column, index) in positions)
            {
                var text = index >= 0 ? fields[index] : null;
                values[column.Name] = string.IsNullOrEmpty(text) ? null
                    : CsvValueParser.TryParse(text, column.Type, out var typed) ? ToNode(typed)
                    : JsonValue.Create(text);
            }
            var id = EventId(entity, fields);
            yield return new CsvRecord(row, RecordEvents.Create(tenant, Source, id, schema.Name, entity, eventTime, values), null);
        }
    }

    private string EventId(string entity, string?[] fields)
    {
        var text = schema.Name + "\u001e" + entity + "\u001e" + string.Join('\u001f', fields.Select(f => f ?? "\u0000"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        DateTimeOffset t => JsonValue.Create(t.ToString("O", CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}
