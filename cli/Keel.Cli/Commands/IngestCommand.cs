using System.ComponentModel;
using Keel.Cli.Platform;
using Keel.Features.Repository;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel ingest</c>: replays a CSV file as CloudEvents into a running platform, with progress.</summary>
public sealed class IngestCommand : AsyncCommand<IngestCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandOption("--file <CSV>")]
        [Description("The CSV file to replay.")]
        public string File { get; init; } = "";

        [CommandOption("--repo <FOLDER>")]
        [Description("The feature repository folder describing the file (from 'keel init').")]
        public string Repo { get; init; } = "";

        [CommandOption("--batch-size <N>")]
        [Description("Events per request (default 500).")]
        public int BatchSize { get; init; } = CsvIngestion.DefaultBatchSize;

        public override ValidationResult Validate() =>
            !System.IO.File.Exists(File) ? ValidationResult.Error($"--file: no file at '{File}'")
            : string.IsNullOrWhiteSpace(Repo) ? ValidationResult.Error("--repo: name the feature repository folder ('keel init' writes one)")
            : BatchSize is < 1 or > 10_000 ? ValidationResult.Error("--batch-size: between 1 and 10000")
            : ValidationResult.Success();
    }

    /// <summary>Exit code when the platform stored some rows and rejected others.</summary>
    public const int SomeRejected = 3;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var repository = FeatureRepositoryFile.Load(settings.Repo);
        using var client = settings.CreateClient();
        var total = CsvIngestion.CountRows(settings.File);
        IngestSummary summary = null!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"ingest {Path.GetFileName(settings.File)}", maxValue: Math.Max(1, total));
                summary = await CsvIngestion.RunAsync(client, repository, settings.File, settings.TenantName, settings.BatchSize,
                    rows => task.Value = rows, cancellationToken);
            });
        Report(summary, client.BaseAddress);
        return summary.Rejected.Count == 0 ? 0 : SomeRejected;
    }

    public static void Report(IngestSummary summary, Uri platform)
    {
        AnsiConsole.MarkupLineInterpolated($"{summary.Rows:N0} rows read, [green]{summary.Accepted:N0} stored[/] in {platform}, [{(summary.Rejected.Count == 0 ? "green" : "red")}]{summary.Rejected.Count:N0} rejected[/].");
        foreach (var rejection in summary.Rejected.Take(10))
        {
            AnsiConsole.MarkupLineInterpolated($"  row {rejection.Row}: {rejection.Reason}");
        }
        if (summary.Rejected.Count > 10)
        {
            AnsiConsole.MarkupLineInterpolated($"  … and {summary.Rejected.Count - 10} more (they are on the keel.ingest.dlq topic with their reasons)");
        }
    }
}
