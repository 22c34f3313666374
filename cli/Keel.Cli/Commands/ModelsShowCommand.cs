using System.ComponentModel;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel models show &lt;model&gt; [version]</c>: a model's versions, stages and aliases, or one version as JSON.</summary>
public sealed class ModelsShowCommand : AsyncCommand<ModelsShowCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandArgument(0, "<model>")]
        public string Model { get; init; } = "";

        [CommandArgument(1, "[version]")]
        [Description("A version to show in full (JSON).")]
        public int? Version { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        if (settings.Version is { } version)
        {
            var detail = await client.GetModelVersionAsync(settings.Model, version, cancellationToken);
            Console.WriteLine(detail.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var model = await client.GetModelAsync(settings.Model, cancellationToken);
        var aliases = model["aliases"]!.AsArray().GroupBy(a => (int)a!["version"]!).ToDictionary(g => g.Key, g => string.Join(", ", g.Select(a => (string)a!["alias"]!)));
        var table = new Table().AddColumns("version", "stage", "aliases", "created by", "created", "metrics");
        foreach (var v in model["versions"]!.AsArray())
        {
            var number = (int)v!["version"]!;
            var metrics = string.Join(", ", v["metrics"]!.AsObject().Where(m => m.Key is "auc" or "f1" or "accuracy" or "rmse").Select(m => $"{m.Key} {(double)m.Value!:0.####}"));
            table.AddRow(number.ToString(), (string)v["stage"]!, Markup.Escape(aliases.GetValueOrDefault(number, "")), Markup.Escape((string)v["createdBy"]!), (string)v["createdAt"]!, Markup.Escape(metrics));
        }
        AnsiConsole.Write(table);
        return 0;
    }
}
