using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Keel.Features.Definitions;
using Keel.Functions.Handlers;
using Keel.Functions.Http;
using Parquet;
using Parquet.Schema;

namespace Keel.Cli.Platform;

/// <summary>Writes a training set received from the API to Parquet, CSV or JSON, and returns the file's SHA-256.</summary>
public static class TrainingSetFile
{
    public static bool IsSupported(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".parquet" or ".csv" or ".json";

    public static async Task<string> WriteAsync(TrainingSetJson set, string path, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".parquet":
                await WriteParquetAsync(set, path, cancellationToken);
                break;
            case ".csv":
                await File.WriteAllTextAsync(path, Csv(set), cancellationToken);
                break;
            default:
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(set, KeelJson.Options), cancellationToken);
                break;
        }
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static async Task WriteParquetAsync(TrainingSetJson set, string path, CancellationToken cancellationToken)
    {
        var fields = set.Columns.Select(c => Field(c)).ToArray();
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, cancellationToken: cancellationToken);
        using var group = writer.CreateRowGroup();
        for (var i = 0; i < set.Columns.Count; i++)
        {
            var column = set.Columns[i];
            var field = fields[i];
            switch (Type(column))
            {
                case FeatureType.Int64:
                    await group.WriteAsync<long>(field, column.Values.Select(v => Read(v, e => e.GetInt64())).ToArray(), cancellationToken: cancellationToken);
                    break;
                case FeatureType.Double:
                    await group.WriteAsync<double>(field, column.Values.Select(v => Read(v, e => e.GetDouble())).ToArray(), cancellationToken: cancellationToken);
                    break;
                case FeatureType.Bool:
                    await group.WriteAsync<bool>(field, column.Values.Select(v => Read(v, e => e.GetBoolean())).ToArray(), cancellationToken: cancellationToken);
                    break;
                case FeatureType.Timestamp:
                    await group.WriteAsync<DateTime>(field, column.Values.Select(v => Read(v, e => e.GetDateTimeOffset().UtcDateTime)).ToArray(), cancellationToken: cancellationToken);
                    break;
                default:
                    await group.WriteAsync(field, column.Values.Select(v => v is JsonElement { ValueKind: JsonValueKind.String } e ? e.GetString()! : null!).ToArray());
                    break;
            }
        }
    }

    private static DataField Field(TrainingSetColumn column) => Type(column) switch
    {
        FeatureType.Int64 => new DataField<long?>(column.Name),
        FeatureType.Double => new DataField<double?>(column.Name),
        FeatureType.Bool => new DataField<bool?>(column.Name),
        FeatureType.Timestamp => new DataField<DateTime?>(column.Name),
        _ => new DataField<string>(column.Name),
    };

    private static FeatureType Type(TrainingSetColumn column) =>
        FeatureTypes.TryParse(column.Type, out var type) ? type : FeatureType.String;

    private static T? Read<T>(object? value, Func<JsonElement, T> read) where T : struct =>
        value is JsonElement element && element.ValueKind != JsonValueKind.Null ? read(element) : null;

    private static string Csv(TrainingSetJson set)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', set.Columns.Select(c => Quote(c.Name))).Append('\n');
        for (var row = 0; row < set.Rows; row++)
        {
            text.AppendJoin(',', set.Columns.Select(c => c.Values[row] is JsonElement e ? CsvValue(e) : "")).Append('\n');
        }
        return text.ToString();
    }

    private static string CsvValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "",
        JsonValueKind.String => Quote(value.GetString()!),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
