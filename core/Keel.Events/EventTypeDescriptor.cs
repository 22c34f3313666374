namespace Keel.Events;

/// <summary>
/// One entry of the event catalogue: what a type means, where it travels, which optional
/// CloudEvent attributes it makes mandatory, and the JSON Schema its <c>data</c> must satisfy.
/// </summary>
public sealed record EventTypeDescriptor(
    string Type,
    string Description,
    string Topic,
    string SchemaResource,
    IReadOnlyList<string> RequiredAttributes);
