using Keel.Features.Definitions;

namespace Keel.Gates;

/// <summary>A feature the feature service serves, with its type.</summary>
public sealed record ServiceFeature(string Name, FeatureType Type);

/// <summary>
/// One input of the model's signature, as the training side reports it: the feature type of the
/// column the model was trained on, not the tensor element type the ONNX graph happens to use
/// (an int64 feature fed to the graph as float is still <see cref="FeatureType.Int64"/>).
/// </summary>
public sealed record ModelInput(string Name, FeatureType Type)
{
    /// <summary>An input whose type is given by name (<c>int64</c>, <c>double</c>, <c>string</c>, <c>bool</c>, <c>timestamp</c> and their aliases).</summary>
    public static ModelInput Parse(string name, string typeName) =>
        FeatureTypes.TryParse(typeName, out var type)
            ? new ModelInput(name, type)
            : throw new ArgumentException($"model input '{name}': '{typeName}' is not a feature type (int64, double, string, bool, timestamp)");
}
