using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Cli.Platform;
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

/// <summary><c>keel features apply</c>: registers a feature repository folder.</summary>
public sealed class FeaturesApplyCommand : AsyncCommand<FeaturesApplyCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandOption("--repo <FOLDER>")]
        [Description("The feature repository folder.")]
        public string Repo { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var repository = FeatureRepositoryFile.Load(settings.Repo);
        using var client = settings.CreateClient();
        var result = await client.ApplyRepositoryAsync(FeatureRepositoryFile.Serialize(repository), cancellationToken);
        foreach (var item in result["objects"]!.AsArray())
        {
            var changed = (bool)item!["changed"]!;
            AnsiConsole.MarkupLineInterpolated($"{(changed ? "[green]registered[/]" : "unchanged ")} {(string)item["kind"]!} {(string)item["name"]!} @ {((string)item["version"]!)[..12]}");
        }
        return 0;
    }
}

/// <summary><c>keel features online</c>: the online values of a service or features for some entities.</summary>
public sealed class FeaturesOnlineCommand : AsyncCommand<FeaturesOnlineCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandOption("--service <NAME>")]
        [Description("Feature service to read.")]
        public string? Service { get; init; }

        [CommandOption("--feature <VIEW:FEATURE>")]
        [Description("Features to read instead of a service (repeatable).")]
        public string[] Features { get; init; } = [];

        [CommandOption("--entity <KEY>")]
        [Description("Entity keys (repeatable).")]
        public string[] Entities { get; init; } = [];

        [CommandOption("--json")]
        [Description("Print the API's JSON answer.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            Entities.Length == 0 ? ValidationResult.Error("--entity: at least one entity key")
            : Service is null && Features.Length == 0 ? ValidationResult.Error("--service or --feature is required")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var result = await client.ReadOnlineAsync(settings.Service, settings.Features.Length == 0 ? null : settings.Features, settings.Entities, cancellationToken);
        if (settings.Json)
        {
            Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var table = new Table().AddColumn("feature");
        var results = result["results"]!.AsArray();
        foreach (var entity in results)
        {
            table.AddColumn(Markup.Escape((string)entity!["entity"]!));
        }
        foreach (var feature in result["features"]!.AsArray().Select(f => (string)f!))
        {
            table.AddRow([Markup.Escape(feature), .. results.Select(e => Markup.Escape(Cell(e!, feature)))]);
        }
        AnsiConsole.Write(table);
        foreach (var (view, version) in result["viewVersions"]!.AsObject())
        {
            AnsiConsole.MarkupLineInterpolated($"view {view} @ {((string)version!)[..12]}");
        }
        return 0;
    }

    private static string Cell(JsonNode entity, string feature)
    {
        var status = (string)entity["status"]![feature]!;
        if (status != "present")
        {
            return status;
        }
        var age = (double?)entity["ageSeconds"]![feature];
        return $"{entity["values"]![feature]?.ToJsonString() ?? "null"} (age {TimeSpan.FromSeconds(age ?? 0):g})";
    }
}

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
        var set = await client.BuildTrainingSetAsync(settings.Service, settings.LabelView, cancellationToken);
        var hash = await TrainingSetFile.WriteAsync(set, settings.Out, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"Wrote [bold]{settings.Out}[/]: {set.Rows:N0} rows × {set.Columns.Count} columns, label {set.Label ?? "-"}, sha256 {hash[..16]}…");
        foreach (var (view, version) in set.ViewVersions)
        {
            AnsiConsole.MarkupLineInterpolated($"  view {view} @ {version[..12]}");
        }
        return 0;
    }
}

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
