using System.Text.Json.Serialization;
using Keel.Features.Definitions;

namespace Keel.Gates.Schema;

/// <summary>One feature of the schema comparison: its type on either side (null where it is absent) and how they compare.</summary>
public sealed record SchemaComparison(string Feature, FeatureType? ServiceType, FeatureType? ModelType, SchemaMatch Match, string Message);

[JsonConverter(typeof(JsonStringEnumConverter<SchemaMatch>))]
public enum SchemaMatch
{
    [JsonStringEnumMemberName("match")] Match,

    /// <summary>Served by the feature service but not an input of the model.</summary>
    [JsonStringEnumMemberName("missing")] Missing,

    /// <summary>An input of the model that the feature service does not serve.</summary>
    [JsonStringEnumMemberName("extra")] Extra,

    [JsonStringEnumMemberName("type_mismatch")] TypeMismatch,

    /// <summary>Named twice on one side, so which type holds is ambiguous.</summary>
    [JsonStringEnumMemberName("duplicate")] Duplicate,
}
