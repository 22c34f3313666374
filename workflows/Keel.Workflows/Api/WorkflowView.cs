using System.Text.Json;

namespace Keel.Workflows.Api;

/// <summary>
/// One workflow instance as the API shows it: where it is (<see cref="Progress"/>, the custom status)
/// and, once finished, how it ended (<see cref="Outcome"/>). Both Keel workflows return a
/// <see cref="TrainingOutcome"/>, and both take an input naming the tenant.
/// </summary>
public sealed record WorkflowView(
    string InstanceId,
    string? Workflow,
    string RuntimeStatus,
    string Tenant,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    WorkflowProgress? Progress,
    TrainingOutcome? Outcome,
    string? Failure)
{
    public bool IsRunning => RuntimeStatus is "Running" or "Pending" or "Suspended";

    /// <summary>The tenant an instance's input names, or <paramref name="fallback"/> when it names none.</summary>
    internal static string TenantOf(string? inputJson, string fallback)
    {
        if (string.IsNullOrWhiteSpace(inputJson))
        {
            return fallback;
        }
        try
        {
            using var input = JsonDocument.Parse(inputJson);
            return input.RootElement.ValueKind == JsonValueKind.Object
                && input.RootElement.TryGetProperty("tenant", out var tenant) && tenant.ValueKind == JsonValueKind.String
                && tenant.GetString() is { Length: > 0 } name
                    ? name
                    : fallback;
        }
        catch (JsonException)
        {
            return fallback;
        }
    }
}

/// <summary>One step of an instance's history: what happened, when, to which activity or event, and how long it took.</summary>
public sealed record WorkflowHistoryEntry(
    long Sequence,
    string Kind,
    DateTimeOffset Timestamp,
    string? Name = null,
    int? Attempt = null,
    double? DurationMs = null,
    string? Failure = null,
    string? RelatedInstanceId = null);
