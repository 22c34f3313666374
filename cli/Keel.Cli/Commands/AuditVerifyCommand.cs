using System.ComponentModel;
using Keel.Audit;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel audit verify --file &lt;export.jsonl&gt; [--public-key &lt;pem file&gt;]</c>: verifies an export
/// offline. Exits 0 when every entry is intact and covered by a trusted checkpoint, 1 otherwise.
/// </summary>
public sealed class AuditVerifyCommand : AsyncCommand<AuditVerifyCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--file <FILE>")]
        [Description("The export to verify (JSON lines).")]
        public string? File { get; init; }

        [CommandOption("--public-key <PEM_FILE>")]
        [Description("A trusted public key (SPKI PEM); repeat for rotated keys. Default: the keys in the export's header.")]
        public string[] PublicKeys { get; init; } = [];

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(File) ? ValidationResult.Error("--file: the export to verify") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var export = await AuditExportFile.OpenAsync(settings.File!, cancellationToken);
        var pinned = settings.PublicKeys.Length > 0;
        using var trust = pinned
            ? AuditTrust.FromPem([.. settings.PublicKeys.Select(System.IO.File.ReadAllText)])
            : new AuditTrust(export.Header.PublicKeys);
        var verification = await new AuditVerifier(trust).VerifyAsync(export, cancellationToken);

        if (verification.Problem is { } problem)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"[red]Verification failed at sequence {problem.Sequence}[/] ({Words(problem.Kind)}): {problem.Message}");
            return 1;
        }
        if (verification.Entries == 0)
        {
            AnsiConsole.MarkupLine("[green]Intact[/]: the export holds no entries.");
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated(
                $"[green]Intact[/]: entries {verification.FirstSequence} to {verification.LastSequence} ({verification.Entries}), signed through {verification.AuthenticatedThrough} by {verification.CheckpointsVerified} checkpoint(s).");
        }
        if (verification.FirstSequence > 1)
        {
            AnsiConsole.MarkupLine("The export starts after entry 1: it proves these entries as the log held them, not what came before.");
        }
        if (!pinned)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"[yellow]Checked against the key the export carries ({string.Join(", ", trust.KeyIds)}): this shows the file is whole and unaltered since it was signed, not who signed it. Pass --public-key to pin the key you trust.[/]");
        }
        return 0;
    }

    /// <summary><c>BadCheckpoint</c> as "bad checkpoint".</summary>
    private static string Words(AuditProblemKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
