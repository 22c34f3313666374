using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace Keel.Events;

/// <summary>
/// Reads and writes Keel events in CloudEvents 1.0 structured JSON mode (single and batch).
/// Before handing the JSON to the CloudEvents SDK it checks every attribute itself, so a
/// rejection names the attribute or data field that is wrong instead of failing on the first.
/// </summary>
public sealed class CloudEventCodec
{
    public const string StructuredContentType = "application/cloudevents+json";
    public const string BatchContentType = "application/cloudevents-batch+json";

    /// <summary>Largest event id, source or subject accepted, so keys and headers stay bounded.</summary>
    public const int MaxAttributeLength = 256;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };
    private static readonly HashSet<string> KnownContextAttributes =
        ["specversion", "id", "source", "type", "time", "subject", "datacontenttype", "dataschema", "data", "data_base64"];

    private readonly JsonEventFormatter _formatter = new();
    private readonly EventCatalog _catalog;

    public CloudEventCodec(EventCatalog? catalog = null)
    {
        _catalog = catalog ?? EventCatalog.Default;
    }

    public static CloudEventCodec Default { get; } = new();

    public EventDecodeResult Decode(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return EventDecodeResult.Invalid(new EventProblem("body", "is not valid JSON: " + ex.Message));
        }
        using (document)
        {
            return DecodeElement(document.RootElement);
        }
    }

    public BatchDecodeResult DecodeBatch(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return new BatchDecodeResult([new EventProblem("body", "is not valid JSON: " + ex.Message)], []);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return new BatchDecodeResult([new EventProblem("body", "a batch must be a JSON array of CloudEvents")], []);
            }
            var items = new List<EventDecodeResult>(document.RootElement.GetArrayLength());
            foreach (var element in document.RootElement.EnumerateArray())
            {
                items.Add(DecodeElement(element));
            }
            return new BatchDecodeResult([], items);
        }
    }

    public EventDecodeResult DecodeElement(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return EventDecodeResult.Invalid(new EventProblem("event", "must be a JSON object, was " + element.ValueKind)) with { Raw = RawOf(element) };
        }

        var problems = new List<EventProblem>();
        var id = RequiredString(element, "id", problems);
        var type = RequiredString(element, "type", problems);
        var tenant = OptionalString(element, "tenant", problems);
        var specVersion = RequiredString(element, "specversion", problems);
        var source = RequiredString(element, "source", problems);

        if (specVersion is not null && specVersion != "1.0")
        {
            problems.Add(new EventProblem("specversion", $"must be \"1.0\", was \"{specVersion}\""));
        }
        CheckLength(id, "id", problems);
        CheckLength(source, "source", problems);
        if (source is not null && !Uri.TryCreate(source, UriKind.RelativeOrAbsolute, out _))
        {
            problems.Add(new EventProblem("source", "must be a URI reference"));
        }
        if (tenant is null)
        {
            if (!element.TryGetProperty("tenant", out _))
            {
                problems.Add(new EventProblem("tenant", "is required (extension attribute naming the tenant)"));
            }
        }
        else if (!TenantName.IsValid(tenant))
        {
            problems.Add(new EventProblem("tenant", $"\"{tenant}\" is not a tenant name: {TenantName.Rule}"));
        }

        var traceParent = OptionalString(element, "traceparent", problems);
        if (traceParent is not null && !TraceParent.IsValid(traceParent))
        {
            problems.Add(new EventProblem("traceparent", "is not a W3C trace context (00-<32 hex trace id>-<16 hex span id>-<2 hex flags>)"));
        }
        var time = OptionalString(element, "time", problems);
        if (time is not null && !DateTimeOffset.TryParse(time, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out _))
        {
            problems.Add(new EventProblem("time", $"\"{time}\" is not an RFC 3339 timestamp"));
        }
        var subject = OptionalString(element, "subject", problems);
        CheckLength(subject, "subject", problems);
        var contentType = OptionalString(element, "datacontenttype", problems);
        if (contentType is not null && !IsJson(contentType))
        {
            problems.Add(new EventProblem("datacontenttype", $"must be application/json, was \"{contentType}\""));
        }
        CheckExtensionTypes(element, problems);

        EventTypeDescriptor? descriptor = null;
        if (type is not null && !_catalog.TryGet(type, out descriptor))
        {
            problems.Add(new EventProblem("type", $"unknown event type \"{type}\"; known types: {string.Join(", ", _catalog.Types.Select(t => t.Type))}"));
        }
        if (descriptor is not null)
        {
            foreach (var attribute in descriptor.RequiredAttributes)
            {
                if (!element.TryGetProperty(attribute, out _))
                {
                    problems.Add(new EventProblem(attribute, $"is required for events of type {descriptor.Type}"));
                }
            }
            if (element.TryGetProperty("data_base64", out _))
            {
                problems.Add(new EventProblem("data_base64", "is not accepted; send JSON data in 'data'"));
            }
            if (!element.TryGetProperty("data", out var data))
            {
                problems.Add(new EventProblem("data", "is required"));
            }
            else
            {
                problems.AddRange(_catalog.ValidateData(descriptor.Type, data));
            }
        }

        if (problems.Count > 0)
        {
            return new EventDecodeResult(null, problems, id, type, tenant) { Raw = RawOf(element) };
        }

        try
        {
            var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, KeelAttributes.All)
            {
                Id = id,
                Source = new Uri(source!, UriKind.RelativeOrAbsolute),
                Type = type,
                Subject = subject,
                DataContentType = contentType,
                // Clone: the document the element belongs to is disposed when decoding returns.
                Data = element.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null ? data.Clone() : null,
            };
            if (time is not null)
            {
                cloudEvent.Time = DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind);
            }
            if (OptionalString(element, "dataschema", problems) is { } dataSchema)
            {
                cloudEvent.DataSchema = new Uri(dataSchema, UriKind.RelativeOrAbsolute);
            }
            SetExtensions(cloudEvent, element);
            return problems.Count == 0
                ? new EventDecodeResult(cloudEvent, [], id, type, tenant)
                : new EventDecodeResult(null, problems, id, type, tenant) { Raw = RawOf(element) };
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
        {
            return new EventDecodeResult(null, [new EventProblem("event", ex.Message)], id, type, tenant) { Raw = RawOf(element) };
        }
    }

    /// <summary>Copies tenant, trace context and any other extension attributes with their CloudEvents types.</summary>
    private static void SetExtensions(CloudEvent cloudEvent, JsonElement element)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (KnownContextAttributes.Contains(property.Name) || property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            var known = KeelAttributes.All.FirstOrDefault(a => a.Name == property.Name);
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    cloudEvent[known ?? CloudEventAttribute.CreateExtension(property.Name, CloudEventAttributeType.String)] = property.Value.GetString();
                    break;
                case JsonValueKind.Number when known is null && property.Value.TryGetInt32(out var number):
                    cloudEvent[CloudEventAttribute.CreateExtension(property.Name, CloudEventAttributeType.Integer)] = number;
                    break;
                case JsonValueKind.True or JsonValueKind.False when known is null:
                    cloudEvent[CloudEventAttribute.CreateExtension(property.Name, CloudEventAttributeType.Boolean)] = property.Value.GetBoolean();
                    break;
                default:
                    throw new ArgumentException($"extension attribute '{property.Name}' has a value CloudEvents cannot carry ({property.Value.ValueKind})");
            }
        }
    }

    public byte[] Encode(CloudEvent cloudEvent) =>
        _formatter.EncodeStructuredModeMessage(cloudEvent, out _).ToArray();

    public byte[] EncodeBatch(IEnumerable<CloudEvent> cloudEvents) =>
        _formatter.EncodeBatchModeMessage(cloudEvents, out _).ToArray();

    public static bool IsJson(string contentType)
    {
        try
        {
            var mediaType = new ContentType(contentType).MediaType;
            return mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static byte[] RawOf(JsonElement element) => System.Text.Encoding.UTF8.GetBytes(element.GetRawText());

    private static string? RequiredString(JsonElement element, string name, List<EventProblem> problems)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            problems.Add(new EventProblem(name, "is required"));
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(new EventProblem(name, "must be a string, was " + value.ValueKind));
            return null;
        }
        var text = value.GetString();
        if (string.IsNullOrEmpty(text))
        {
            problems.Add(new EventProblem(name, "must not be empty"));
            return null;
        }
        return text;
    }

    private static string? OptionalString(JsonElement element, string name, List<EventProblem> problems)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(new EventProblem(name, "must be a string, was " + value.ValueKind));
            return null;
        }
        return value.GetString();
    }

    private static void CheckLength(string? value, string name, List<EventProblem> problems)
    {
        if (value is not null && value.Length > MaxAttributeLength)
        {
            problems.Add(new EventProblem(name, $"is longer than {MaxAttributeLength} characters"));
        }
    }

    private static void CheckExtensionTypes(JsonElement element, List<EventProblem> problems)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (KnownContextAttributes.Contains(property.Name) || property.Name is "tenant" or "traceparent" or "tracestate")
            {
                continue;
            }
            if (!IsExtensionName(property.Name))
            {
                problems.Add(new EventProblem(property.Name, "is not a valid attribute name (lower-case letters and digits only)"));
            }
            else if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                problems.Add(new EventProblem(property.Name, "extension attributes must be strings, numbers or booleans"));
            }
        }
    }

    private static bool IsExtensionName(string name)
    {
        if (name.Length is 0 or > 20)
        {
            return false;
        }
        foreach (var c in name)
        {
            if (c is not (>= 'a' and <= 'z' or >= '0' and <= '9'))
            {
                return false;
            }
        }
        return true;
    }
}
