using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel models lineage &lt;model&gt; &lt;version&gt;</c>: what the version was built from.</summary>
public sealed class ModelsLineageCommand : AsyncCommand<ModelVersionSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ModelVersionSettings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var version = (await client.GetModelVersionAsync(settings.Model, settings.Version, cancellationToken))["version"]!;
        var lineage = version["lineage"]!.AsObject();
        var table = new Table().AddColumns("", "");
        table.AddRow("model", Markup.Escape($"{settings.Model} v{settings.Version} ({(string)version["stage"]!})"));
        table.AddRow("onnx sha256", (string)version["artifactSha256"]!);
        table.AddRow("run", Markup.Escape((string?)version["runId"] ?? "-"));
        foreach (var (key, value) in lineage)
        {
            var text = value switch
            {
                JsonObject map => string.Join(", ", map.Select(p => $"{p.Key} @ {((string?)p.Value ?? "")[..Math.Min(12, ((string?)p.Value ?? "").Length)]}")),
                null => "-",
                _ => value.ToString(),
            };
            table.AddRow(Markup.Escape(key), Markup.Escape(text));
        }
        AnsiConsole.Write(table);
        return 0;
    }
}
