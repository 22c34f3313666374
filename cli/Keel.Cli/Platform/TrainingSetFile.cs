using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Keel.Features.Definitions;
using Keel.Functions.Handlers;
using Keel.Functions.Http;
using Keel.Features.Offline;

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
                WriteParquet(set, path);
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

    private static void WriteParquet(TrainingSetJson set, string path) =>
        FrameParquetFile.Write(path, set.Columns.Select(c => new FrameColumn(c.Name, Type(c), c.Values.Select(v => Typed(v, Type(c))).ToArray())).ToArray());

    private static object? Typed(object? value, FeatureType type)
    {
        if (value is not JsonElement element || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return type switch
        {
            FeatureType.Int64 => element.GetInt64(),
            FeatureType.Double => element.GetDouble(),
            FeatureType.Bool => element.GetBoolean(),
            FeatureType.Timestamp => element.GetDateTimeOffset(),
            _ => element.GetString(),
        };
    }

    private static FeatureType Type(TrainingSetColumn column) =>
        FeatureTypes.TryParse(column.Type, out var type) ? type : FeatureType.String;

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
