using System.Diagnostics;
using System.Text.Json;
using Keel.Events;
using Keel.Events.Messaging;
using Keel.Functions.Http;
using Keel.PredictionLog;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>POST /api/feedback</c> with <c>{"predictionId": "...", "label": "bad", "observedAt": "..."}</c>: the
/// outcome a prediction turned out to have, published as <c>dev.keel.feedback.label.v1</c> on
/// <c>keel.feedback</c> for decay tracking. 202 once Kafka has it; the same feedback sent twice is the
/// same event (its id comes from its content), so a client may retry.
/// </summary>
public sealed class RecordFeedback(IEventPublisher publisher, TimeProvider time)
{
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        var (body, invalid) = await JsonRequest.ReadAsync<FeedbackRequest>(request, "feedback", cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        if (string.IsNullOrWhiteSpace(body?.PredictionId) || body.Label is not { } label)
        {
            return ProblemResults.BadRequest("Malformed request", "predictionId and label (text, number or true/false) are required.");
        }
        object value = label.ValueKind switch
        {
            JsonValueKind.String => label.GetString()!,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => label.GetDouble(),
            _ => "",
        };
        if (value is "" && label.ValueKind != JsonValueKind.String)
        {
            return ProblemResults.BadRequest("Malformed request", "label: text, a number or true/false.");
        }
        // FeedbackEvents refuses what the schema would, with an ArgumentException naming the field: a 400.
        var feedback = FeedbackEvents.Create(tenant, body.PredictionId, value, body.ObservedAt ?? time.GetUtcNow(),
            body.Model, body.Version, Activity.Current?.Id);
        await publisher.PublishAsync(KeelTopics.Feedback, [feedback], cancellationToken);
        return Results.Accepted(value: new { id = feedback.Id, topic = KeelTopics.Feedback }, uri: (string?)null);
    }
}

public sealed record FeedbackRequest(string? PredictionId, JsonElement? Label, DateTimeOffset? ObservedAt = null, string? Model = null, int? Version = null);
