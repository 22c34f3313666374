using System.ComponentModel;
using System.Text.Json.Nodes;
using Keel.Cli.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>Options of <c>keel report drift|decay</c>: which model, version and window, and where the files go.</summary>
public class ReportSettings : ClientSettings
{
    [CommandOption("--model <MODEL>")]
    [Description("The registered model.")]
    public string Model { get; init; } = "";

    [CommandOption("--version <VERSION>")]
    [Description("The version (default: the newest one with monitoring history).")]
    public int? Version { get; init; }

    [CommandOption("--window <WINDOW>")]
    [Description("latest (drift only), all, or a duration back from now such as 24h or 7d.")]
    public string? Window { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("The folder the HTML and JSON files go to (default: the current folder).")]
    public string Out { get; init; } = ".";

    public override ValidationResult Validate() =>
        Model.Length == 0 ? ValidationResult.Error("--model: name the model")
        : Version < 1 ? ValidationResult.Error("--version: a version number, 1 or more")
        : ValidationResult.Success();

    /// <summary>
    /// Fetches the JSON, then the HTML of the version the JSON names (so both describe one version),
    /// writes <c>&lt;model&gt;-v&lt;version&gt;-&lt;kind&gt;.json|html</c> into <see cref="Out"/>, and
    /// returns the JSON for the summary.
    /// </summary>
    public async Task<JsonNode> WriteReportAsync(string kind, CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        var json = await client.GetReportAsync(kind, Model, Version, Window, "json", cancellationToken);
        var report = JsonNode.Parse(json)!;
        var version = (int)report["version"]!;
        var html = await client.GetReportAsync(kind, Model, version, Window, "html", cancellationToken);
        Directory.CreateDirectory(Out);
        var stem = Path.Combine(Out, $"{FileName(Model)}-v{version}-{kind}");
        await File.WriteAllTextAsync(stem + ".json", json, cancellationToken);
        await File.WriteAllTextAsync(stem + ".html", html, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"Wrote [bold]{stem}.html[/] and [bold]{stem}.json[/]");
        return report;
    }

    private static string FileName(string model) =>
        string.Concat(model.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c == Path.DirectorySeparatorChar ? '_' : c));
}
