using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CloudNative.CloudEvents;
using Keel.Events;

namespace Keel.Serving.Deployments;

/// <summary>
/// The <c>dev.keel.canary.recommended.v1</c> event: the recommendation in the snake_case of Keel's event
/// data, with the plan revision it judged and the workflow instance waiting for it. The id is derived
/// from the model and the plan revision, so one revision has one recommendation event however often
/// it is sent; the subject is the model, which keeps it in order with the model's other events.
/// </summary>
public static class CanaryRecommendationEvents
{
    private static readonly Uri Source = new("/keel/serving/canary", UriKind.Relative);

    private static readonly JsonSerializerOptions Data = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // A latency ratio over a zero baseline is infinite; it must not make a recommendation unpublishable.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static CloudEvent Create(DeploymentPlan plan, CanaryRecommendation recommendation)
    {
        var data = JsonSerializer.SerializeToNode(recommendation, Data)!.AsObject();
        data["plan_revision"] = plan.Revision;
        data["workflow_instance_id"] = plan.WorkflowInstanceId;
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, KeelAttributes.All)
        {
            Id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{plan.Tenant}/{plan.Model}/canary/{plan.Revision}")))[..32],
            Source = Source,
            Type = CanaryRecommendation.EventType,
            Time = recommendation.DecidedAt,
            Subject = plan.Model,
            DataContentType = "application/json",
            Data = data,
        };
        cloudEvent.SetTenant(plan.Tenant);
        return cloudEvent;
    }
}
