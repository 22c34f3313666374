using System.ComponentModel;
using System.Text.Json.Nodes;
using Keel.Cli.Platform;
using Keel.Features.Repository;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel features materialize</c>: loads the online store from the offline store for a range.</summary>
public sealed class FeaturesMaterializeCommand : AsyncCommand<FeaturesMaterializeCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandOption("--from <TIME>")]
        [Description("Start of the event-time range (ISO-8601; default: the beginning).")]
        public DateTimeOffset? From { get; init; }

        [CommandOption("--to <TIME>")]
        [Description("End of the range, exclusive (default: now).")]
        public DateTimeOffset? To { get; init; }

        [CommandOption("--view <VIEW>")]
        [Description("Views to load (repeatable; default: all).")]
        public string[] Views { get; init; } = [];
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var result = await client.MaterializeAsync(settings.From, settings.To, settings.Views.Length == 0 ? null : settings.Views, cancellationToken);
        foreach (var view in result["views"]!.AsArray())
        {
            AnsiConsole.MarkupLineInterpolated($"{(string)view!["view"]!}: {(int)view["rows"]!:N0} entities loaded");
        }
        return 0;
    }
}
