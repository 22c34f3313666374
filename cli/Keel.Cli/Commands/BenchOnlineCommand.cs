using System.ComponentModel;
using Keel.Cli.Bench;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel bench online</c>: in-process and HTTP latency of a 14-feature online read.</summary>
public sealed class BenchOnlineCommand : AsyncCommand<BenchOnlineCommand.Settings>
{
    public sealed class Settings : BenchSettings
    {
        [CommandOption("--entities <N>")]
        public int Entities { get; init; } = 100_000;

        [CommandOption("--reads <N>")]
        [Description("In-process reads (default 200000).")]
        public int Reads { get; init; } = 200_000;

        [CommandOption("--requests <N>")]
        [Description("HTTP requests (default 20000).")]
        public int Requests { get; init; } = 20_000;

        [CommandOption("--redis <CONNECTION>")]
        [Description("Also measure the Redis online store at this address.")]
        public string? Redis { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var progress = new Progress<string>(m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]"));
        var workDir = settings.WorkDir ?? Path.GetTempPath();
        var inProcess = await OnlineReadBenchmark.RunInProcessAsync(workDir, settings.Entities, settings.Reads, settings.Redis, progress, cancellationToken);
        var http = await HttpOnlineBenchmark.RunAsync(workDir, settings.Entities, settings.Requests, progress, cancellationToken);
        return await BenchSettings.ReportAsync([inProcess, http], settings.Out, "online");
    }
}
