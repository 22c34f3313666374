using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel models promote &lt;model&gt; &lt;version&gt; --stage Production --reason "..."</c>: moves a version
/// to a stage (the incumbent Production version is archived) and, with <c>--alias</c>, points an alias at it.
/// </summary>
public sealed class ModelsPromoteCommand : AsyncCommand<ModelsPromoteCommand.Settings>
{
    public sealed class Settings : ModelVersionSettings
    {
        [CommandOption("--stage <STAGE>")]
        [Description("Staging or Production (default Production).")]
        public string Stage { get; init; } = "Production";

        [CommandOption("--alias <ALIAS>")]
        [Description("Also point this alias (e.g. champion) at the version.")]
        public string? Alias { get; init; }

        [CommandOption("--reason <TEXT>")]
        [Description("Why; recorded with the transition.")]
        public string Reason { get; init; } = "";

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Reason) ? ValidationResult.Error("--reason: say why; it is recorded") : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var result = await client.TransitionAsync(settings.Model, settings.Version, settings.Stage, settings.Reason, settings.ActorName, cancellationToken);
        foreach (var transition in result["recorded"]!.AsArray())
        {
            AnsiConsole.MarkupLineInterpolated($"{settings.Model} v{(int)transition!["version"]!}: {(string)transition["from"]!} → {(string)transition["to"]!} by {(string)transition["actor"]!}");
        }
        if (settings.Alias is { } alias)
        {
            await client.SetAliasAsync(settings.Model, alias, settings.Version, settings.Reason, settings.ActorName, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"{settings.Model}@{alias} → v{settings.Version}");
        }
        return 0;
    }
}
