using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Features.Repository;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel features online</c>: the online values of a service or features for some entities.</summary>
public sealed class FeaturesOnlineCommand : AsyncCommand<FeaturesOnlineCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandOption("--service <NAME>")]
        [Description("Feature service to read.")]
        public string? Service { get; init; }

        [CommandOption("--feature <VIEW:FEATURE>")]
        [Description("Features to read instead of a service (repeatable).")]
        public string[] Features { get; init; } = [];

        [CommandOption("--entity <KEY>")]
        [Description("Entity keys (repeatable).")]
        public string[] Entities { get; init; } = [];

        [CommandOption("--json")]
        [Description("Print the API's JSON answer.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            Entities.Length == 0 ? ValidationResult.Error("--entity: at least one entity key")
            : Service is null && Features.Length == 0 ? ValidationResult.Error("--service or --feature is required")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var result = await client.ReadOnlineAsync(settings.Service, settings.Features.Length == 0 ? null : settings.Features, settings.Entities, cancellationToken);
        if (settings.Json)
        {
            Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var table = new Table().AddColumn("feature");
        var results = result["results"]!.AsArray();
        foreach (var entity in results)
        {
            table.AddColumn(Markup.Escape((string)entity!["entity"]!));
        }
        foreach (var feature in result["features"]!.AsArray().Select(f => (string)f!))
        {
            table.AddRow([Markup.Escape(feature), .. results.Select(e => Markup.Escape(Cell(e!, feature)))]);
        }
        AnsiConsole.Write(table);
        foreach (var (view, version) in result["viewVersions"]!.AsObject())
        {
            AnsiConsole.MarkupLineInterpolated($"view {view} @ {((string)version!)[..12]}");
        }
        return 0;
    }

    private static string Cell(JsonNode entity, string feature)
    {
        var status = (string)entity["status"]![feature]!;
        if (status != "present")
        {
            return status;
        }
        var age = (double?)entity["ageSeconds"]![feature];
        return $"{entity["values"]![feature]?.ToJsonString() ?? "null"} (age {TimeSpan.FromSeconds(age ?? 0):g})";
    }
}
