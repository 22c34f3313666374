using System.Text.Json.Serialization;

namespace Keel.Gates;

/// <summary>A gate's (or one check's) outcome. Skipped means there was nothing to judge, and the result says why.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GateVerdict>))]
public enum GateVerdict
{
    [JsonStringEnumMemberName("pass")] Pass,
    [JsonStringEnumMemberName("fail")] Fail,
    [JsonStringEnumMemberName("skipped")] Skipped,
}

/// <summary>How a measured value is held against its threshold.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Comparison>))]
public enum Comparison
{
    /// <summary>Passes when measured ≥ threshold.</summary>
    [JsonStringEnumMemberName("at_least")] AtLeast,

    /// <summary>Passes when measured ≤ threshold.</summary>
    [JsonStringEnumMemberName("at_most")] AtMost,
}
