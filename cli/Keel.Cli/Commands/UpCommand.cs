using System.ComponentModel;
using Keel.Cli.Platform;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel up</c>: runs the embedded platform until stopped (Ctrl+C).</summary>
public sealed class UpCommand : AsyncCommand<UpCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--port <PORT>")]
        [Description("HTTP port on loopback (default 5080; 0 picks a free one).")]
        public int Port { get; init; } = 5080;

        [CommandOption("--data-dir <DIR>")]
        [Description("Where the embedded stores keep their files (default .keel/data).")]
        public string DataDir { get; init; } = Path.Combine(".keel", "data");

        [CommandOption("--repo <FOLDER>")]
        [Description("Feature repository folders to apply at start (repeatable).")]
        public string[] Repos { get; init; } = [];

        [CommandOption("--tenant <TENANT>")]
        [Description("Tenant the --repo folders are applied for (default 'default').")]
        public string Tenant { get; init; } = Keel.Events.TenantName.Default;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var platform = await PlatformRunner.StartAsync(settings.Port, settings.DataDir, quiet: false, cancellationToken);
        foreach (var repo in settings.Repos)
        {
            await platform.ApplyAsync(repo, settings.Tenant, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"[green]applied[/] {repo}");
        }
        AnsiConsole.MarkupLineInterpolated($"Keel is up at [bold]{platform.Address}[/] (data in {Path.GetFullPath(settings.DataDir)}). Press Ctrl+C to stop.");
        await platform.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
}
