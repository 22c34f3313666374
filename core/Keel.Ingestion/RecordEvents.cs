using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Keel.Events;
using Keel.Features.Records;
using Keel.Features.Registry;

namespace Keel.Ingestion;

/// <summary>Builds <c>dev.keel.record.ingested.v1</c> events and reads them back as validated records.</summary>
public static class RecordEvents
{
    public static CloudEvent Create(string tenant, string source, string id, string dataset, string entity, DateTimeOffset eventTime, JsonObject values, string? traceParent = null)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, KeelAttributes.All)
        {
            Id = id,
            Source = new Uri(source, UriKind.RelativeOrAbsolute),
            Type = KeelEventTypes.RecordIngested,
            Time = eventTime,
            Subject = entity,
            DataContentType = "application/json",
            Data = new JsonObject
            {
                ["dataset"] = dataset,
                ["entity"] = entity,
                ["values"] = values,
            },
        };
        cloudEvent.SetTenant(tenant);
        if (traceParent is not null)
        {
            cloudEvent.SetTraceParent(traceParent);
        }
        return cloudEvent;
    }

    /// <summary>
    /// Reads a record event against the tenant's registered dataset schema. Returns the record,
    /// or every problem (unknown dataset, missing or mistyped values) with the field it concerns.
    /// </summary>
    public static (IngestedRecord? Record, IReadOnlyList<EventProblem> Problems) Read(CloudEvent cloudEvent, RegistrySnapshot snapshot)
    {
        if (cloudEvent.Type != KeelEventTypes.RecordIngested)
        {
            return (null, [new EventProblem("type", $"expected {KeelEventTypes.RecordIngested}, was {cloudEvent.Type}")]);
        }
        var data = cloudEvent.Data switch
        {
            JsonElement element => element,
            JsonNode node => JsonSerializer.SerializeToElement(node),
            _ => default,
        };
        if (data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("dataset", out var datasetElement) || datasetElement.GetString() is not { } dataset
            || !data.TryGetProperty("entity", out var entityElement) || entityElement.GetString() is not { } entity
            || !data.TryGetProperty("values", out var values))
        {
            return (null, [new EventProblem("data", "must hold dataset, entity and values")]);
        }
        var repository = snapshot.ForDataset(dataset);
        if (repository is null)
        {
            return (null, [new EventProblem("data/dataset", $"no feature repository is applied for dataset '{dataset}' in tenant '{snapshot.Tenant}'")]);
        }
        var schema = repository.Repository.Dataset;
        var (typed, problems) = DatasetRecordReader.Read(schema, values);
        if (schema.EntityColumn is { } entityColumn && typed.GetValueOrDefault(entityColumn) is { } key
            && Convert.ToString(key, CultureInfo.InvariantCulture) != entity)
        {
            problems.Add(new EventProblem("data/entity", $"is '{entity}' but column '{entityColumn}' says '{key}'"));
        }
        if (cloudEvent.Time is null)
        {
            problems.Add(new EventProblem("time", "is required: it is the record's event time"));
        }
        if (problems.Count > 0)
        {
            return (null, problems);
        }
        var tenant = cloudEvent.GetTenant() ?? snapshot.Tenant;
        return (new IngestedRecord(tenant, dataset, entity, cloudEvent.Time!.Value.ToUniversalTime(), cloudEvent.Id!, typed), []);
    }
}
