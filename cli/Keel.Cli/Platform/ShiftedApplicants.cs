using System.Globalization;
using System.Text.Json.Nodes;
using Keel.Features.Definitions;
using Keel.Ingestion.Csv;

namespace Keel.Cli.Platform;

/// <summary>
/// A population the credit model was not trained on, made from the sample: younger applicants with
/// higher incomes, fewer years in their job and larger loans. Rows are drawn from the sample's CSV
/// with a fixed seed, so every demo replays the same shifted stream.
/// </summary>
public static class ShiftedApplicants
{
    /// <summary>The raw columns the shift moves (the views' ratios of Debt/Income and Amount/Price move with them).</summary>
    public static readonly IReadOnlyList<string> ShiftedColumns = ["Age", "Income", "Seniority", "Amount"];

    public static IReadOnlyList<JsonObject> Records(string csvPath, DatasetSchema dataset, int count, int seed)
    {
        var rows = CsvReader.ReadAll(csvPath).ToList();
        var header = rows[0];
        var data = rows.Skip(1).Where(r => !(r.Length == 1 && r[0] is null)).ToList();
        var random = new Random(seed);
        var records = new List<JsonObject>(count);
        for (var i = 0; i < count; i++)
        {
            var row = data[random.Next(data.Count)];
            var record = new JsonObject();
            for (var c = 0; c < header.Length; c++)
            {
                var column = dataset.Columns.FirstOrDefault(col => (col.Header ?? col.Name) == header[c]);
                if (column is null || column.Name == dataset.LabelColumn)
                {
                    continue;
                }
                record[column.Name] = Value(column, row[c]);
            }
            records.Add(Shift(record));
        }
        return records;
    }

    private static JsonObject Shift(JsonObject record)
    {
        Scale(record, "Age", age => Math.Max(18, age - 12));
        Scale(record, "Income", income => (long)Math.Round(income * 1.6));
        Scale(record, "Seniority", seniority => seniority / 3);
        Scale(record, "Amount", amount => (long)Math.Round(amount * 1.4));
        return record;
    }

    private static void Scale(JsonObject record, string column, Func<long, long> change)
    {
        if (record[column] is JsonValue value && value.TryGetValue<long>(out var number))
        {
            record[column] = change(number);
        }
    }

    private static JsonNode? Value(ColumnSchema column, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return column.Type switch
        {
            FeatureType.Int64 => long.Parse(text, CultureInfo.InvariantCulture),
            FeatureType.Double => double.Parse(text, CultureInfo.InvariantCulture),
            FeatureType.Bool => bool.Parse(text),
            _ => text,
        };
    }
}
