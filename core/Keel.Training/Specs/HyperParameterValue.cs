using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Keel.Training;

/// <summary>
/// One hyper-parameter value: a number (<c>num_leaves: 31</c>) or a word (<c>booster: goss</c>).
/// Serialized as the bare JSON number or string, so recorded parameters read like the spec.
/// </summary>
[JsonConverter(typeof(HyperParameterValueJsonConverter))]
public readonly record struct HyperParameterValue
{
    private HyperParameterValue(double? number, string? text)
    {
        Number = number;
        Text = text;
    }

    /// <summary>The value when it is a number; null when it is a word.</summary>
    public double? Number { get; }

    /// <summary>The value when it is a word; null when it is a number.</summary>
    public string? Text { get; }

    public bool IsNumber => Number.HasValue;

    public static HyperParameterValue Of(double number) => new(number, null);

    public static HyperParameterValue Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(null, text);
    }

    public static implicit operator HyperParameterValue(double number) => Of(number);

    public static implicit operator HyperParameterValue(int number) => Of(number);

    public static implicit operator HyperParameterValue(string text) => Of(text);

    public JsonNode ToJsonNode() => Number is { } number ? JsonValue.Create(number) : JsonValue.Create(Text ?? "");

    public override string ToString() =>
        Number is { } number ? number.ToString("R", CultureInfo.InvariantCulture) : Text ?? "";
}

/// <summary>Writes a <see cref="HyperParameterValue"/> as a bare number or string and reads either back.</summary>
public sealed class HyperParameterValueJsonConverter : JsonConverter<HyperParameterValue>
{
    public override HyperParameterValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => HyperParameterValue.Of(reader.GetDouble()),
        JsonTokenType.String => HyperParameterValue.Of(reader.GetString()!),
        _ => throw new JsonException($"A hyper-parameter value is a number or a string, not {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, HyperParameterValue value, JsonSerializerOptions options)
    {
        if (value.Number is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(value.Text ?? "");
        }
    }
}
