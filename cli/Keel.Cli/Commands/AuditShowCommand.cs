using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel audit show --target model:&lt;name&gt;:&lt;version&gt;</c>: who did what to it, and when.</summary>
public sealed class AuditShowCommand : AsyncCommand<AuditShowCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandOption("--target <TARGET>")]
        [Description("What the entries are about, e.g. model:credit_risk:3 or route:/api/runs/…; all entries when omitted.")]
        public string? Target { get; init; }

        [CommandOption("--from <FROM>")]
        [Description("First sequence number, or an ISO 8601 time.")]
        public string? From { get; init; }

        [CommandOption("--to <TO>")]
        [Description("Last sequence number, or an ISO 8601 time (excluded).")]
        public string? To { get; init; }

        [CommandOption("--limit <N>")]
        [Description("At most this many entries (default 1000).")]
        public int? Limit { get; init; }

        [CommandOption("--json")]
        [Description("Print the entries as JSON.")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var answer = await client.AuditEntriesAsync(settings.Target, settings.From, settings.To, settings.Limit, cancellationToken);
        if (settings.Json)
        {
            Console.WriteLine(answer.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var table = new Table().AddColumns("seq", "time", "actor", "action", "target", "details");
        foreach (var entry in answer["entries"]!.AsArray().OfType<JsonObject>())
        {
            table.AddRow(
                Markup.Escape(entry["sequence"]!.ToString()), Markup.Escape((string?)entry["time"] ?? ""), Markup.Escape((string?)entry["actor"] ?? ""),
                Markup.Escape((string?)entry["action"] ?? ""), Markup.Escape((string?)entry["target"] ?? ""), Markup.Escape(entry["details"]?.ToJsonString() ?? ""));
        }
        AnsiConsole.Write(table);
        return 0;
    }
}
