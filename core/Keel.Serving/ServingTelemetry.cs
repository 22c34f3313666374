using System.Diagnostics;

namespace Keel.Serving;

/// <summary>
/// Spans of serving: a prediction, the feature read behind it and the model run, so a request's
/// trace shows where its time went and which version answered.
/// </summary>
public static class ServingTelemetry
{
    public const string SourceName = "Keel.Serving";

    public static ActivitySource Source { get; } = new(SourceName, typeof(ServingTelemetry).Assembly.GetName().Version?.ToString());

    public static Activity? StartPredict(string tenant, string model)
    {
        var activity = Source.StartActivity($"predict {model}");
        activity?.SetTag("keel.tenant", tenant);
        activity?.SetTag("keel.model", model);
        return activity;
    }

    public static Activity? StartFeatureRead(string service, string source)
    {
        var activity = Source.StartActivity($"read features {service}", ActivityKind.Client);
        activity?.SetTag("keel.feature_service", service);
        activity?.SetTag("keel.feature_source", source);
        return activity;
    }

    public static Activity? StartInference(string model, int version, int rows)
    {
        var activity = Source.StartActivity($"infer {model}");
        activity?.SetTag("keel.model", model);
        activity?.SetTag("keel.model_version", version);
        activity?.SetTag("keel.rows", rows);
        return activity;
    }

    public static void RecordError(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag("error.type", exception.GetType().FullName);
    }
}
