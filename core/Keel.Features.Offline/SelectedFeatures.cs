using Keel.Features.Definitions;

namespace Keel.Features.Offline;

/// <summary>A view and the definitions of the features a query wants from it, checked against the view.</summary>
internal sealed record SelectedFeatures(FeatureViewDefinition View, IReadOnlyList<FeatureDefinition> Features)
{
    /// <summary>An empty feature list selects every feature of the view, as a feature reference without names does.</summary>
    public static SelectedFeatures Of(ViewSelection selection)
    {
        OfflineNames.CheckDefinition(selection.View);
        var names = selection.Features.Count == 0 ? selection.View.Features.Select(f => f.Name).ToArray() : selection.Features;
        var features = names
            .Select(name => selection.View.Feature(name)
                ?? throw new ArgumentException($"view '{selection.View.Name}' has no feature '{name}'.", nameof(selection)))
            .ToArray();
        return new SelectedFeatures(selection.View, features);
    }
}
