using System.Globalization;

namespace Keel.Training;

/// <summary>
/// How one typed value becomes a model input (the rules on <see cref="FeatureEncoding"/>): the single
/// definition that training, ML.NET and ONNX scoring, serving and explanations all use, so what a
/// model sees in production is what it saw in training. A value of the wrong kind is an
/// <see cref="ArgumentException"/> naming the feature.
/// </summary>
public static class FeatureValues
{
    public static float Number(object? value, DateTimeOffset asOf, string feature)
    {
        var number = value switch
        {
            null => double.NaN,
            long l => l,
            int i => i,
            short s => s,
            byte b => b,
            double d => d,
            float f => f,
            decimal m => (double)m,
            bool flag => flag ? 1 : 0,
            DateTimeOffset time => (asOf - time).TotalDays,
            DateTime time => (asOf - new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time)).TotalDays,
            _ => throw new ArgumentException($"The model input '{feature}' is numeric; {Describe(value)} cannot be scored."),
        };
        return double.IsFinite(number) ? (float)number : float.NaN;
    }

    public static string Category(object? value, string feature) => value switch
    {
        null => FeatureEncodings.MissingCategory,
        string { Length: 0 } => FeatureEncodings.MissingCategory,
        string text => text,
        _ => throw new ArgumentException($"The model input '{feature}' is a category (text); {Describe(value)} cannot be scored."),
    };

    private static string Describe(object value) =>
        $"the {value.GetType().Name} value '{Convert.ToString(value, CultureInfo.InvariantCulture)}'";
}
