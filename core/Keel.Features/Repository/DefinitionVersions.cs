using System.Text.Json;
using System.Text.Json.Serialization;
using Keel.Features.Definitions;
using Keel.Features.Transformations;
using Keel.Storage;

namespace Keel.Features.Repository;

/// <summary>
/// Content-hash versions of repository objects. A view's version also covers the versions of
/// the transformations it uses, so changing a transformation's code makes a new view version.
/// </summary>
public static class DefinitionVersions
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Of<T>(T definition) => ContentHash.OfJson(definition, Json);

    public static string OfView(FeatureViewDefinition view, TransformationCatalog catalog)
    {
        var transformations = view.Features
            .Where(f => f.Transform is not null)
            .Select(f => f.Transform!.Kind)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .Select(kind => catalog.TryGet(kind, out var t) ? $"{kind}@{t.Version}" : kind)
            .ToArray();
        return ContentHash.OfJson(new { view, transformations }, Json);
    }
}
