using System.ComponentModel;
using System.Text.Json.Nodes;
using Keel.Cli.Client;
using Keel.Cli.Platform;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel features training-set</c>: a point-in-time training set written to Parquet, CSV or JSON.</summary>
public sealed class FeaturesTrainingSetCommand : AsyncCommand<FeaturesTrainingSetCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandOption("--service <NAME>")]
        [Description("Feature service whose features the set holds.")]
        public string Service { get; init; } = "";

        [CommandOption("--label-view <VIEW>")]
        [Description("View whose rows are the entity/timestamp frame (default: the repository's label view).")]
        public string? LabelView { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Output file: .parquet, .csv or .json.")]
        public string Out { get; init; } = "";

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Service) ? ValidationResult.Error("--service is required")
            : !TrainingSetFile.IsSupported(Out) ? ValidationResult.Error("--out: a .parquet, .csv or .json file")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        TrainingSetDownload written;
        if (TrainingSetFile.IsParquet(settings.Out))
        {
            written = await client.DownloadTrainingSetAsync(settings.Service, settings.LabelView, settings.Out, cancellationToken);
        }
        else
        {
            var set = await client.BuildTrainingSetAsync(settings.Service, settings.LabelView, cancellationToken);
            written = new TrainingSetDownload(set.Rows, set.Label, set.ViewVersions, await TrainingSetFile.WriteAsync(set, settings.Out, cancellationToken));
        }
        AnsiConsole.MarkupLineInterpolated($"Wrote [bold]{settings.Out}[/]: {written.Rows:N0} rows, label {written.Label ?? "-"}, sha256 {written.Sha256[..16]}…");
        foreach (var (view, version) in written.ViewVersions)
        {
            AnsiConsole.MarkupLineInterpolated($"  view {view} @ {version[..12]}");
        }
        return 0;
    }
}
