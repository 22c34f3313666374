using DuckDB.NET.Data;
using Keel.Features.Definitions;

namespace Keel.Features.Offline;

/// <summary>Reads a result cell as its feature type's CLR value; timestamps arrive as microseconds and leave as UTC <see cref="DateTimeOffset"/>.</summary>
internal static class FeatureValueReader
{
    public static object? Read(DuckDBDataReader reader, int ordinal, FeatureType type)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }
        return type switch
        {
            FeatureType.Int64 => reader.GetInt64(ordinal),
            FeatureType.Double => reader.GetDouble(ordinal),
            FeatureType.String => reader.GetString(ordinal),
            FeatureType.Bool => reader.GetBoolean(ordinal),
            FeatureType.Timestamp => Microseconds.ToDateTimeOffset(reader.GetInt64(ordinal)),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown feature type"),
        };
    }
}
