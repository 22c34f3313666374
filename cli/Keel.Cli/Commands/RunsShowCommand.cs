using System.ComponentModel;
using System.Text.Json;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel runs show &lt;id&gt;</c>: a run with its parameters, metrics, tags, artifacts and child runs, as JSON.</summary>
public sealed class RunsShowCommand : AsyncCommand<RunsShowCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandArgument(0, "<id>")]
        [Description("The run id.")]
        public string Id { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var run = await client.GetRunAsync(settings.Id, cancellationToken);
        Console.WriteLine(run.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }
}
