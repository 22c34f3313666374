using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel models list</c>: registered models and their latest version.</summary>
public sealed class ModelsListCommand : AsyncCommand<ClientSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ClientSettings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var models = (await client.ListModelsAsync(cancellationToken))["models"]!.AsArray();
        var table = new Table().AddColumns("model", "owner", "latest version", "description");
        foreach (var model in models)
        {
            table.AddRow(
                Markup.Escape((string)model!["name"]!),
                Markup.Escape((string?)model["owner"] ?? ""),
                model["latestVersion"]?.ToJsonString() ?? "",
                Markup.Escape((string?)model["description"] ?? ""));
        }
        AnsiConsole.Write(table);
        return 0;
    }
}
