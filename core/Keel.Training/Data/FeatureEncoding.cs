using Keel.Features.Definitions;

namespace Keel.Training;

/// <summary>
/// How a feature reaches the model. Every feature is one ONNX input named as the feature, shaped
/// [rows, 1]:
/// <list type="bullet">
/// <item><see cref="Numeric"/> (float): int64 and double as they are; bool as 1 or 0; a timestamp as
/// its age in days at the row's event time (training) or at the scoring time (serving), because an
/// absolute date does not generalise but "account opened 400 days ago" does. Missing and
/// non-finite values are NaN; inside the model NaN becomes the training mean, and a column that
/// had missing values in training also gets a 0/1 "was missing" indicator.</item>
/// <item><see cref="Category"/> (string): one-hot encoded inside the model. A missing value is the
/// category <see cref="FeatureEncodings.MissingCategory"/> (its own column when training saw it);
/// a category training never saw encodes as all zeros.</item>
/// </list>
/// </summary>
public enum FeatureEncoding
{
    Numeric,
    Category,
}

public static class FeatureEncodings
{
    /// <summary>What a missing (or empty) string category is encoded as.</summary>
    public const string MissingCategory = "<missing>";

    public static FeatureEncoding For(FeatureType type) => type == FeatureType.String ? FeatureEncoding.Category : FeatureEncoding.Numeric;

    /// <summary>The ONNX tensor element type an input of this encoding takes.</summary>
    public static string OnnxElementType(this FeatureEncoding encoding) => encoding == FeatureEncoding.Numeric ? "float" : "string";
}

/// <summary>One input column of a model: a feature name and how its values are encoded.</summary>
public sealed record InputColumn(string Name, FeatureEncoding Encoding);

/// <summary>
/// A feature the model was trained on, with its type in the feature service and the ONNX input it
/// is fed to — the mapping a schema gate compares with the feature service.
/// </summary>
public sealed record ModelFeature(string Name, FeatureType Type, FeatureEncoding Encoding, string OnnxInput, string OnnxElementType, bool IsProtected);
