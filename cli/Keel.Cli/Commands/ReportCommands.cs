using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>The <c>keel report</c> branch: drift and decay reports written as HTML and JSON.</summary>
public static class ReportCommands
{
    public static void Configure(IConfigurator<CommandSettings> report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.SetDescription("Monitoring reports of a model, written as HTML and JSON.");
        report.AddCommand<ReportDriftCommand>("drift").WithDescription("Live traffic against the training reference: verdicts, tests, histograms.");
        report.AddCommand<ReportDecayCommand>("decay").WithDescription("Live quality on labelled predictions against the registered holdout metrics.");
    }
}
