using Keel.Events;
using Keel.Storage.Artifacts;

namespace Keel.Tracking;

/// <summary>Checks input before it reaches storage, with messages that name the offending item.</summary>
internal static class TrackingValidation
{
    public static void Tenant(string tenant)
    {
        if (!TenantName.IsValid(tenant))
        {
            throw new ArgumentException($"'{tenant}' is not a tenant name: {TenantName.Rule}.", nameof(tenant));
        }
    }

    public static void Name(string? value, string what, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"The {what} is empty.", parameterName);
        }
        if (value.Length > TrackingLimits.MaxNameLength)
        {
            throw new ArgumentException($"The {what} '{value[..40]}…' has {value.Length} characters; at most {TrackingLimits.MaxNameLength} are allowed.", parameterName);
        }
        if (value.Any(char.IsControl))
        {
            throw new ArgumentException($"The {what} '{value}' contains a control character.", parameterName);
        }
    }

    public static void RunId(string? runId, string parameterName = "runId")
    {
        if (string.IsNullOrWhiteSpace(runId))
        {
            throw new ArgumentException("The run id is empty.", parameterName);
        }
    }

    public static void Count(int count, string what, string parameterName)
    {
        if (count > TrackingLimits.MaxItemsPerCall)
        {
            throw new ArgumentException($"{count} {what} in one call; at most {TrackingLimits.MaxItemsPerCall} are allowed.", parameterName);
        }
    }

    public static void Strings(IReadOnlyDictionary<string, string>? items, string what, int maxValueLength, string parameterName)
    {
        if (items is null)
        {
            return;
        }
        Count(items.Count, what + "s", parameterName);
        foreach (var (key, value) in items)
        {
            Name(key, what + " key", parameterName);
            if (value is null)
            {
                throw new ArgumentException($"The {what} '{key}' has no value.", parameterName);
            }
            if (value.Length > maxValueLength)
            {
                throw new ArgumentException($"The {what} '{key}' has a value of {value.Length} characters; at most {maxValueLength} are allowed.", parameterName);
            }
        }
    }

    public static void Metrics(IReadOnlyDictionary<string, double> metrics, long? step, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(metrics, parameterName);
        Count(metrics.Count, "metrics", parameterName);
        foreach (var key in metrics.Keys)
        {
            Name(key, "metric name", parameterName);
        }
        if (step < 0)
        {
            throw new ArgumentException($"The step is {step}; steps start at 0.", nameof(step));
        }
    }

    public static void Artifact(string name, ArtifactRef artifact)
    {
        Name(name, "artifact name", nameof(name));
        ArgumentNullException.ThrowIfNull(artifact);
        if (!ArtifactAddress.IsValid(artifact.Sha256))
        {
            throw new ArgumentException($"The artifact '{name}' has the address '{artifact.Sha256}', which is not {ArtifactAddress.Rule}.", nameof(artifact));
        }
        if (artifact.Size < 0)
        {
            throw new ArgumentException($"The artifact '{name}' has a negative size ({artifact.Size}).", nameof(artifact));
        }
        if (string.IsNullOrWhiteSpace(artifact.MediaType) || artifact.MediaType.Length > TrackingLimits.MaxNameLength)
        {
            throw new ArgumentException($"The artifact '{name}' needs a media type of 1 to {TrackingLimits.MaxNameLength} characters.", nameof(artifact));
        }
    }

    public static void Query(RunQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > TrackingLimits.MaxListLimit)
        {
            throw new ArgumentException($"The limit is {query.Limit}; it must be 1 to {TrackingLimits.MaxListLimit}.", nameof(query));
        }
        if (query.ParentRunId is not null && query.TopLevelOnly)
        {
            throw new ArgumentException("A query cannot ask both for the children of a run and for top-level runs only.", nameof(query));
        }
        if (query.Experiment is not null)
        {
            Name(query.Experiment, "experiment name", nameof(query));
        }
        if (query.OrderByMetric is not null)
        {
            Name(query.OrderByMetric, "metric to order by", nameof(query));
        }
    }
}
