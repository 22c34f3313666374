using System.Text.Json;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel cost idle</c>: deployments without traffic for the idle period, with what they cost an hour.</summary>
public sealed class CostIdleCommand : AsyncCommand<ClientSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ClientSettings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        Console.WriteLine((await client.IdleEndpointsAsync(cancellationToken)).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }
}
