using System.Text.Json.Serialization;

namespace Keel.Serving.Deployments;

[JsonConverter(typeof(JsonStringEnumConverter<ShadowStatus>))]
public enum ShadowStatus
{
    [JsonStringEnumMemberName("succeeded")] Succeeded,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("timedOut")] TimedOut,
}

/// <summary>What one shadow call came to: its output when it succeeded, the error otherwise.</summary>
/// <param name="Tenant">The tenant of the plan that routed the request.</param>
/// <param name="Model">The model.</param>
/// <param name="Variant">The shadow variant.</param>
/// <param name="Request">The request the primary answered (the same object).</param>
/// <param name="Status">Succeeded, failed or timed out.</param>
/// <param name="Output">The shadow's output; default unless <paramref name="Status"/> is Succeeded.</param>
/// <param name="Error">The exception type and message for a failure, or a note for a timeout.</param>
/// <param name="Elapsed">From the start of the shadow call to its end or its timeout.</param>
/// <param name="CompletedAt">When the outcome was known.</param>
public sealed record ShadowOutcome<TRequest, TResponse>(
    string Tenant,
    string Model,
    DeploymentVariant Variant,
    TRequest Request,
    ShadowStatus Status,
    TResponse? Output,
    string? Error,
    TimeSpan Elapsed,
    DateTimeOffset CompletedAt);
