using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Features.Repository;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel features list</c>: projects, views with versions and row counts, services.</summary>
public sealed class FeaturesListCommand : AsyncCommand<ClientSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ClientSettings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var list = await client.ListFeaturesAsync(cancellationToken);
        var views = new Table().AddColumns("view", "version", "entity", "features", "ttl", "online entities", "offline rows");
        foreach (var view in list["views"]!.AsArray())
        {
            views.AddRow(
                Markup.Escape((string)view!["name"]!),
                ((string)view["version"]!)[..12],
                Markup.Escape((string)view["entity"]!),
                view["features"]!.AsArray().Count.ToString(),
                view["ttlSeconds"] is JsonValue ttl ? Durations.Format(TimeSpan.FromSeconds((double)ttl)) : "-",
                ((long)view["onlineEntities"]!).ToString("N0"),
                ((long)view["offlineRows"]!).ToString("N0"));
        }
        AnsiConsole.Write(views);
        foreach (var service in list["services"]!.AsArray())
        {
            AnsiConsole.MarkupLineInterpolated($"service [bold]{(string)service!["name"]!}[/]: {string.Join(", ", service["features"]!.AsArray().Select(f => (string)f!))}");
        }
        return 0;
    }
}
