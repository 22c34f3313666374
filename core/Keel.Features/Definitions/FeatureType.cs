using System.Text.Json.Serialization;

namespace Keel.Features.Definitions;

/// <summary>The value types a dataset column or a feature can have.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeatureType>))]
public enum FeatureType
{
    [JsonStringEnumMemberName("int64")] Int64,
    [JsonStringEnumMemberName("double")] Double,
    [JsonStringEnumMemberName("string")] String,
    [JsonStringEnumMemberName("bool")] Bool,
    [JsonStringEnumMemberName("timestamp")] Timestamp,
}

public static class FeatureTypes
{
    public static string Name(this FeatureType type) => type switch
    {
        FeatureType.Int64 => "int64",
        FeatureType.Double => "double",
        FeatureType.String => "string",
        FeatureType.Bool => "bool",
        FeatureType.Timestamp => "timestamp",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool TryParse(string? name, out FeatureType type)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "int64" or "int" or "long" or "integer": type = FeatureType.Int64; return true;
            case "double" or "float" or "number": type = FeatureType.Double; return true;
            case "string" or "str" or "category": type = FeatureType.String; return true;
            case "bool" or "boolean": type = FeatureType.Bool; return true;
            case "timestamp" or "datetime": type = FeatureType.Timestamp; return true;
            default: type = default; return false;
        }
    }

    /// <summary>The CLR type a value of this feature type has at run time.</summary>
    public static Type ClrType(this FeatureType type) => type switch
    {
        FeatureType.Int64 => typeof(long),
        FeatureType.Double => typeof(double),
        FeatureType.String => typeof(string),
        FeatureType.Bool => typeof(bool),
        FeatureType.Timestamp => typeof(DateTimeOffset),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
