using System.ComponentModel;
using System.Text.Json.Nodes;
using Keel.Cli.Platform;
using Keel.Features.Repository;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel features apply</c>: registers a feature repository folder.</summary>
public sealed class FeaturesApplyCommand : AsyncCommand<FeaturesApplyCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandOption("--repo <FOLDER>")]
        [Description("The feature repository folder.")]
        public string Repo { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var repository = FeatureRepositoryFile.Load(settings.Repo);
        using var client = settings.CreateClient();
        var result = await client.ApplyRepositoryAsync(FeatureRepositoryFile.Serialize(repository), cancellationToken);
        foreach (var item in result["objects"]!.AsArray())
        {
            var changed = (bool)item!["changed"]!;
            AnsiConsole.MarkupLineInterpolated($"{(changed ? "[green]registered[/]" : "unchanged ")} {(string)item["kind"]!} {(string)item["name"]!} @ {((string)item["version"]!)[..12]}");
        }
        return 0;
    }
}
