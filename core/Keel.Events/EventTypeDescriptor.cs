namespace Keel.Events;

/// <summary>
/// One entry of the event catalogue: what a type means, where it travels, which optional
/// CloudEvent attributes it makes mandatory, the JSON Schema its <c>data</c> must satisfy, and
/// whether clients may send it through the ingestion endpoint (or only Keel itself emits it).
/// </summary>
public sealed record EventTypeDescriptor(
    string Type,
    string Description,
    string Topic,
    string SchemaResource,
    IReadOnlyList<string> RequiredAttributes,
    bool AcceptedAtIngest)
{
    /// <summary>
    /// The data schema as code, for types on the hot path: the same answer as the JSON Schema,
    /// faster. Null for types checked by the JSON Schema alone.
    /// </summary>
    public Func<System.Text.Json.JsonElement, bool>? FastCheck { get; init; }
}
