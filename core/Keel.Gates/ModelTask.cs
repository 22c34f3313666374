using System.Text.Json.Serialization;

namespace Keel.Gates;

/// <summary>What the model predicts: a probability of the positive class, or a number.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelTask>))]
public enum ModelTask
{
    [JsonStringEnumMemberName("binary")] Binary,
    [JsonStringEnumMemberName("regression")] Regression,
}
