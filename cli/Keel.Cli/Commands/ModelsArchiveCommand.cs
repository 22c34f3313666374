using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel models archive &lt;model&gt; &lt;version&gt; --reason "..."</c>: retires a version.</summary>
public sealed class ModelsArchiveCommand : AsyncCommand<ModelsArchiveCommand.Settings>
{
    public sealed class Settings : ModelVersionSettings
    {
        [CommandOption("--reason <TEXT>")]
        [Description("Why; recorded with the transition.")]
        public string Reason { get; init; } = "";

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Reason) ? ValidationResult.Error("--reason: say why; it is recorded") : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        await client.TransitionAsync(settings.Model, settings.Version, "Archived", settings.Reason, settings.ActorName, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"{settings.Model} v{settings.Version} archived by {settings.ActorName}");
        return 0;
    }
}
