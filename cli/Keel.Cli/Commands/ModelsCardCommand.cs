using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel models card &lt;model&gt; &lt;version&gt; [--format html|json] [--out file]</c>: the version's model card.</summary>
public sealed class ModelsCardCommand : AsyncCommand<ModelsCardCommand.Settings>
{
    public sealed class Settings : ModelVersionSettings
    {
        [CommandOption("--format <FORMAT>")]
        [Description("html (default) or json.")]
        public string Format { get; init; } = "html";

        [CommandOption("--out <FILE>")]
        [Description("Where to write it (default: <model>-v<version>-card.<format>).")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            Format is not ("html" or "json") ? ValidationResult.Error("--format: html or json") : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var path = settings.Out ?? $"{settings.Model}-v{settings.Version}-card.{settings.Format}";
        await client.DownloadModelArtifactAsync(settings.Model, settings.Version, $"model-card.{settings.Format}", path, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"Wrote [bold]{path}[/]");
        return 0;
    }
}
