using Keel.Features.Definitions;

namespace Keel.Features.Offline;

/// <summary>
/// A row checked and normalised for writing: timestamps as UTC microseconds, every value of the
/// exact CLR type of its feature (long, double, string, bool, or microseconds as long for timestamps).
/// </summary>
internal sealed record OfflineRow(string EntityKey, long EventMicros, long CreatedMicros, string EventId, object?[] Values)
{
    /// <summary>Checks a row against its view and normalises it; throws <see cref="ArgumentException"/> saying what was wrong.</summary>
    public static OfflineRow From(FeatureViewDefinition view, FeatureRow row, int index)
    {
        if (string.IsNullOrEmpty(row.EntityKey))
        {
            throw new ArgumentException($"row {index} of view '{view.Name}' has no entity key.", nameof(row));
        }
        if (string.IsNullOrEmpty(row.EventId))
        {
            throw new ArgumentException($"row {index} of view '{view.Name}' has no event id.", nameof(row));
        }
        if (row.Values is null || row.Values.Count != view.Features.Count)
        {
            throw new ArgumentException($"row {index} of view '{view.Name}' has {row.Values?.Count ?? 0} values for {view.Features.Count} features.", nameof(row));
        }
        var values = new object?[view.Features.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var feature = view.Features[i];
            var raw = row.Values[i];
            if (raw is null)
            {
                continue;
            }
            values[i] = Normalize(raw, feature.Type) ?? throw new ArgumentException(
                $"row {index} of view '{view.Name}': feature '{feature.Name}' is {feature.Type.Name()} but the value is a {raw.GetType().Name}.",
                nameof(row));
        }
        return new OfflineRow(row.EntityKey, Microseconds.From(row.EventTime), Microseconds.From(row.CreatedAt), row.EventId, values);
    }

    /// <summary>
    /// The value as its feature type's CLR type, or null when it is missing or of another type.
    /// Integral values widen to long and numbers to double, as a caller building rows by hand expects.
    /// </summary>
    private static object? Normalize(object value, FeatureType type) => (type, value) switch
    {
        (FeatureType.Int64, long) => value,
        (FeatureType.Int64, int or short or sbyte or byte or ushort or uint) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        (FeatureType.Double, double) => value,
        (FeatureType.Double, float or long or int or short or sbyte or byte or ushort or uint or decimal) => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
        (FeatureType.String, string) => value,
        (FeatureType.Bool, bool) => value,
        (FeatureType.Timestamp, DateTimeOffset t) => Microseconds.From(t),
        (FeatureType.Timestamp, DateTime { Kind: DateTimeKind.Utc } t) => Microseconds.From(new DateTimeOffset(t)),
        _ => null,
    };
}
