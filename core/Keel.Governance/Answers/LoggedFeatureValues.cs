using System.Globalization;
using System.Text.Json;
using Keel.Features.Definitions;

namespace Keel.Governance;

/// <summary>
/// Turns the feature values a prediction logged (JSON) back into the typed values the model was given,
/// by the types of the training set's columns: a timestamp logged as RFC 3339 text is a timestamp again,
/// so it ages to the prediction's time exactly as it did when served.
/// </summary>
internal static class LoggedFeatureValues
{
    public static Dictionary<string, object?> Row(
        IReadOnlyDictionary<string, JsonElement> logged, IReadOnlyList<string> modelFeatures, IReadOnlyDictionary<string, FeatureType> types)
    {
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var feature in modelFeatures)
        {
            if (!logged.TryGetValue(feature, out var value))
            {
                throw new ArgumentException($"The logged prediction has no value for the model input '{feature}'.");
            }
            row[feature] = Typed(value, types.TryGetValue(feature, out var type) ? type : null, feature);
        }
        return row;
    }

    private static object? Typed(JsonElement value, FeatureType? type, string feature) => (value.ValueKind, type) switch
    {
        (JsonValueKind.Null or JsonValueKind.Undefined, _) => null,
        (JsonValueKind.String, FeatureType.Timestamp) => DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new ArgumentException($"The logged value of the timestamp '{feature}' is not a time: {value.GetRawText()}."),
        (JsonValueKind.Number, FeatureType.Int64) when value.TryGetInt64(out var whole) => whole,
        (JsonValueKind.Number, _) => value.GetDouble(),
        (JsonValueKind.True, _) => true,
        (JsonValueKind.False, _) => false,
        (JsonValueKind.String, _) => value.GetString(),
        _ => throw new ArgumentException($"The logged value of '{feature}' is not a feature value: {value.GetRawText()}."),
    };
}
