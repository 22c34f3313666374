using System.Collections.Frozen;

namespace Keel.Features.Transformations;

/// <summary>The transformations feature views may name: the built-ins plus any registered by the application.</summary>
public sealed class TransformationCatalog
{
    private readonly FrozenDictionary<string, IFeatureTransformation> _byKind;

    public TransformationCatalog(IEnumerable<IFeatureTransformation>? custom = null)
    {
        var all = new Dictionary<string, IFeatureTransformation>(StringComparer.Ordinal);
        foreach (var transformation in BuiltIns().Concat(custom ?? []))
        {
            // A registered transformation of the same kind replaces the built-in on purpose.
            all[transformation.Kind] = transformation;
        }
        _byKind = all.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public static TransformationCatalog Default { get; } = new();

    public IReadOnlyCollection<string> Kinds => _byKind.Keys;

    public bool TryGet(string kind, out IFeatureTransformation transformation) => _byKind.TryGetValue(kind, out transformation!);

    private static IEnumerable<IFeatureTransformation> BuiltIns() =>
    [
        new RatioTransformation(),
        new Log1pTransformation(),
        new IsMissingTransformation(),
        new EqualsTransformation(),
        new BucketTransformation(),
    ];
}
