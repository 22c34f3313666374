using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Keel.Functions.Handlers;
using Keel.Functions.Http;

namespace Keel.Cli.Platform;

/// <summary>
/// Writes a training set received from the API as JSON to CSV or JSON, and returns the file's
/// SHA-256. Parquet is written by the platform itself and downloaded (<see cref="Client.KeelClient.DownloadTrainingSetAsync"/>).
/// </summary>
public static class TrainingSetFile
{
    public static bool IsSupported(string path) => IsParquet(path) || Path.GetExtension(path).ToLowerInvariant() is ".csv" or ".json";

    public static bool IsParquet(string path) => Path.GetExtension(path).Equals(".parquet", StringComparison.OrdinalIgnoreCase);

    public static async Task<string> WriteAsync(TrainingSetJson set, string path, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        if (Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            await File.WriteAllTextAsync(path, Csv(set), cancellationToken);
        }
        else
        {
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(set, KeelJson.Options), cancellationToken);
        }
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

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
