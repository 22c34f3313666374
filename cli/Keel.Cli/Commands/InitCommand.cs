using System.ComponentModel;
using Keel.Features.Definitions;
using Keel.Features.Repository;
using Keel.Ingestion;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel init</c>: writes an editable feature repository for a CSV file.</summary>
public sealed class InitCommand : Command<InitCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--csv <PATH>")]
        [Description("The CSV file (header row first).")]
        public string Csv { get; init; } = "";

        [CommandOption("--entity <COLUMN>")]
        [Description("The entity key column, or 'row-number' to key records by row.")]
        public string Entity { get; init; } = "";

        [CommandOption("--event-time <COLUMN>")]
        [Description("The event time column (ISO-8601); without it the ingestion time is the event time.")]
        public string? EventTime { get; init; }

        [CommandOption("--label <COLUMN>")]
        [Description("The label column.")]
        public string Label { get; init; } = "";

        [CommandOption("--protected <COLUMNS>")]
        [Description("Protected attributes, comma separated (fairness gates examine them).")]
        public string? Protected { get; init; }

        [CommandOption("--name <NAME>")]
        [Description("Project and dataset name (default: the file name).")]
        public string? Name { get; init; }

        [CommandOption("--out <FOLDER>")]
        [Description("Folder to write feature_repo.yaml into (default: ./<name>).")]
        public string? Out { get; init; }

        [CommandOption("--ttl <DURATION>")]
        [Description("Time-to-live of feature values, e.g. 365d (default: none).")]
        public string? Ttl { get; init; }

        [CommandOption("--force")]
        [Description("Overwrite an existing feature_repo.yaml.")]
        public bool Force { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Csv) || !File.Exists(Csv))
            {
                return ValidationResult.Error($"--csv: no file at '{Csv}'");
            }
            if (string.IsNullOrWhiteSpace(Entity))
            {
                return ValidationResult.Error("--entity: name the entity key column, or say row-number");
            }
            if (string.IsNullOrWhiteSpace(Label))
            {
                return ValidationResult.Error("--label: name the label column");
            }
            if (Ttl is not null && !Durations.TryParse(Ttl, out _))
            {
                return ValidationResult.Error($"--ttl: '{Ttl}' is not a duration such as 90d, 12h or 30m");
            }
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        FeatureRepository repository;
        try
        {
            repository = RepositoryScaffolder.Scaffold(new ScaffoldOptions
            {
                CsvPath = settings.Csv,
                EntityColumn = settings.Entity is "row-number" or "row_number" ? null : settings.Entity,
                EventTimeColumn = settings.EventTime,
                LabelColumn = settings.Label,
                ProtectedColumns = settings.Protected?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
                Name = settings.Name,
                FeatureTtl = settings.Ttl is null ? null : Durations.TryParse(settings.Ttl, out var ttl) ? ttl : null,
            });
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]keel init:[/] {ex.Message}");
            return 2;
        }

        var folder = settings.Out ?? repository.Project;
        var file = Path.Combine(folder, FeatureRepositoryFile.FileName);
        if (File.Exists(file) && !settings.Force)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]keel init:[/] {file} exists; pass --force to overwrite it");
            return 2;
        }
        FeatureRepositoryFile.Save(repository, folder,
            $"Keel feature repository for {Path.GetFileName(settings.Csv)}, written by 'keel init'.\n" +
            "Edit it freely: types, nullability, TTLs, transformations (ratio, log1p, bucket, equals, is_missing),\n" +
            "views and services. 'keel ingest' and 'keel features apply' register the edited version.");

        var table = new Table().AddColumns("column", "type", "nullable", "missing", "role");
        var dataset = repository.Dataset;
        foreach (var column in dataset.Columns)
        {
            var role = column.Name == dataset.LabelColumn ? "label"
                : column.Name == dataset.EntityColumn ? "entity key"
                : column.Name == dataset.EventTimeColumn ? "event time"
                : dataset.ProtectedAttributes.Contains(column.Name) ? "protected feature"
                : "feature";
            table.AddRow(Markup.Escape(column.Header ?? column.Name), column.Type.Name(), column.Nullable ? "yes" : "no", $"{column.MissingRate:P1}", role);
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Wrote [bold]{file}[/]: entity [bold]{dataset.EntityKey}[/], views {string.Join(", ", repository.FeatureViews.Select(v => v.Name))}, service {repository.FeatureServices[0].Name}.");
        return 0;
    }
}
