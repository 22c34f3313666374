using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel predict &lt;model&gt; --entity &lt;id&gt; [--explain]</c> (or <c>--record file.json</c>): one
/// prediction as the platform serves it — score, label, version and variant, and with
/// <c>--explain</c> each feature's contribution, largest first.
/// </summary>
public sealed class PredictCommand : AsyncCommand<PredictCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandArgument(0, "<model>")]
        [Description("The model to ask.")]
        public string Model { get; init; } = "";

        [CommandOption("--entity <KEY>")]
        [Description("The entity whose online features are scored.")]
        public string? Entity { get; init; }

        [CommandOption("--record <FILE>")]
        [Description("A JSON file with one record of the model's dataset, scored instead of an entity.")]
        public string? Record { get; init; }

        [CommandOption("--explain")]
        [Description("Also compute the feature contributions (TreeSHAP for tree models).")]
        public bool Explain { get; init; }

        [CommandOption("--version <N>")]
        [Description("Ask one version instead of the deployment's routing.")]
        public int? Version { get; init; }

        [CommandOption("--json")]
        [Description("Print the API's JSON answer.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            (Entity is null) == (Record is null) ? ValidationResult.Error("give --entity or --record (one of them)")
            : Record is not null && !File.Exists(Record) ? ValidationResult.Error($"--record: no file {Record}")
            : Version is < 1 ? ValidationResult.Error("--version: 1 or more")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var record = settings.Record is null ? null
            : JsonNode.Parse(await File.ReadAllTextAsync(settings.Record, cancellationToken)) as JsonObject
                ?? throw new InvalidDataException($"{settings.Record} must hold one JSON object: the record's columns.");
        using var client = settings.CreateClient();
        var result = await client.PredictAsync(settings.Model, settings.Entity, record, settings.Explain, settings.Version, cancellationToken);
        if (settings.Json)
        {
            Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var score = (double)result["score"]!;
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]{settings.Model}[/] v{(int)result["version"]!} ({(string?)result["variant"]}): score [bold]{score.ToString("F4", CultureInfo.InvariantCulture)}[/], label [bold]{(string?)result["label"] ?? "-"}[/]");
        AnsiConsole.MarkupLineInterpolated($"prediction {(string?)result["predictionId"]} in {((double)result["latencyMs"]!).ToString("F1", CultureInfo.InvariantCulture)} ms");
        if (result["explanation"] is JsonObject explanation)
        {
            var table = new Table().AddColumn("feature").AddColumn("value").AddColumn(new TableColumn("contribution").RightAligned());
            var contributions = explanation["contributions"]!.AsArray()
                .Select(c => (Feature: (string)c!["feature"]!, Value: c["value"]?.ToJsonString() ?? "null", Contribution: (double)c["contribution"]!))
                .OrderByDescending(c => Math.Abs(c.Contribution));
            foreach (var (feature, value, contribution) in contributions)
            {
                table.AddRow(Markup.Escape(feature), Markup.Escape(value), contribution.ToString("+0.0000;-0.0000;0", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated(
                $"{(string?)explanation["method"]}: expected value {((double)explanation["expectedValue"]!).ToString("F4", CultureInfo.InvariantCulture)} + contributions = the raw score (before the probability link)");
        }
        return 0;
    }
}
