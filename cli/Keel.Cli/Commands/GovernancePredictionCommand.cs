using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel governance prediction &lt;id&gt; [--json] [--html FILE]</c>: which model version answered, how its
/// gates judged it, who asked for it and who approved it, what data it was trained on, and why this
/// prediction came out as it did.
/// </summary>
public sealed class GovernancePredictionCommand : AsyncCommand<GovernancePredictionCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandArgument(0, "<prediction-id>")]
        [Description("The prediction id, as /api/predict answered it.")]
        public string PredictionId { get; init; } = "";

        [CommandOption("--json")]
        [Description("Print the whole answer as JSON.")]
        public bool Json { get; init; }

        [CommandOption("--html <FILE>")]
        [Description("Also write the answer as a self-contained HTML page.")]
        public string? Html { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var json = await client.PredictionGovernanceAsync(settings.PredictionId, html: false, cancellationToken);
        if (settings.Html is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, await client.PredictionGovernanceAsync(settings.PredictionId, html: true, cancellationToken), cancellationToken);
        }
        var answer = JsonNode.Parse(json)!;
        if (settings.Json)
        {
            Console.WriteLine(answer.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var grid = new Grid().AddColumn().AddColumn();
        foreach (var (name, value) in Flatten(answer))
        {
            grid.AddRow(Markup.Escape(name), Markup.Escape(value));
        }
        AnsiConsole.Write(grid);
        if (settings.Html is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"wrote {settings.Html}");
        }
        return 0;
    }

    /// <summary>The answer's scalar fields, two levels deep, for the terminal; --json has all of it.</summary>
    private static IEnumerable<(string Name, string Value)> Flatten(JsonNode answer)
    {
        foreach (var (key, node) in answer.AsObject())
        {
            switch (node)
            {
                case JsonValue value:
                    yield return (key, value.ToString());
                    break;
                case JsonObject child:
                    foreach (var (inner, innerNode) in child)
                    {
                        if (innerNode is JsonValue innerValue)
                        {
                            yield return ($"{key}.{inner}", innerValue.ToString());
                        }
                    }
                    break;
            }
        }
    }
}
