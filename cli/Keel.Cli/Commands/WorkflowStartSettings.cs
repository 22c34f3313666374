using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>Options of the commands that start a workflow: <c>keel train</c> and <c>keel workflows start</c>.</summary>
public class WorkflowStartSettings : ClientSettings
{
    [CommandOption("--spec <FILE>")]
    [Description("A training spec (YAML or JSON) to train, validate, register and deploy.")]
    public string? Spec { get; init; }

    // Text, parsed in Validate: Spectre's own conversion error for a TimeSpan? names no option.
    [CommandOption("--approval-timeout <TIMESPAN>")]
    [Description("How long the registered version waits for an approver ([d.]hh:mm:ss; default: the platform's).")]
    public string? ApprovalTimeoutText { get; init; }

    public TimeSpan? ApprovalTimeout => ApprovalTimeoutText is not null && TryParseTimeout(ApprovalTimeoutText, out var timeout) ? timeout : null;

    [CommandOption("--reason <TEXT>")]
    [Description("Why the model is trained; recorded with the run.")]
    public string? Reason { get; init; }

    [CommandOption("--canary <PERCENT>")]
    [Description("Roll the approved version out as a canary taking this percentage of traffic beside the Production version, until canary analysis promotes or rolls it back.")]
    public double? CanaryPercent { get; init; }

    [CommandOption("--canary-max-wait <TIMESPAN>")]
    [Description("With --canary: how long to wait for a recommendation before rolling back ([d.]hh:mm:ss; default 24:00:00).")]
    public string? CanaryMaxWaitText { get; init; }

    /// <summary>The canary asked for, or null.</summary>
    public Keel.Workflows.CanaryRequest? Canary => CanaryPercent is { } percent
        ? new(percent, CanaryMaxWaitText is not null && TryParseTimeout(CanaryMaxWaitText, out var wait) ? wait : null)
        : null;

    [CommandOption("--instance-id <ID>")]
    [Description("The instance id to use (default: a new one); starting it twice is refused.")]
    public string? InstanceId { get; init; }

    public override ValidationResult Validate()
    {
        if (ApprovalTimeoutText is not null
            && (!TryParseTimeout(ApprovalTimeoutText, out var timeout) || timeout <= TimeSpan.Zero))
        {
            return ValidationResult.Error($"--approval-timeout: '{ApprovalTimeoutText}' is not a positive time span such as 01:00:00 or 2.00:00:00");
        }
        if (CanaryMaxWaitText is not null && CanaryPercent is null)
        {
            return ValidationResult.Error("--canary-max-wait applies with --canary <PERCENT>");
        }
        if (CanaryMaxWaitText is not null && (!TryParseTimeout(CanaryMaxWaitText, out var wait) || wait <= TimeSpan.Zero))
        {
            return ValidationResult.Error($"--canary-max-wait: '{CanaryMaxWaitText}' is not a positive time span such as 04:00:00");
        }
        if (Canary?.Problem() is { } canaryProblem)
        {
            return ValidationResult.Error("--canary: " + canaryProblem);
        }
        return Spec is not null && !File.Exists(Spec)
            ? ValidationResult.Error($"--spec: no file '{Spec}'")
            : ValidationResult.Success();
    }

    /// <summary>
    /// hh:mm:ss with any number of hours, or d.hh:mm:ss. TimeSpan.Parse alone reads "24:00:00" and "30"
    /// as days, which turns a day's deadline into weeks without a word.
    /// </summary>
    private static bool TryParseTimeout(string text, out TimeSpan timeout)
    {
        var parts = text.Split(':');
        if (parts.Length == 3 && !parts[0].Contains('.')
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            && TimeSpan.TryParseExact("0:" + parts[1] + ":" + parts[2], @"h\:mm\:ss", CultureInfo.InvariantCulture, out var rest))
        {
            timeout = TimeSpan.FromHours(hours) + rest;
            return true;
        }
        return TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out timeout) && text.Contains(':');
    }

    /// <summary>Starts the training of <see cref="Spec"/> as <see cref="ClientSettings.ActorName"/>; the API's answer.</summary>
    public async Task<System.Text.Json.Nodes.JsonNode> StartTrainingAsync(Client.KeelClient client, CancellationToken cancellationToken)
    {
        var spec = await File.ReadAllTextAsync(Spec!, cancellationToken);
        return await client.StartTrainingAsync(spec, ActorName, ApprovalTimeout, Reason, InstanceId, cancellationToken, Canary);
    }
}
