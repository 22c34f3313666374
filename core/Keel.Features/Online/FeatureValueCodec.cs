using System.Globalization;

namespace Keel.Features.Online;

/// <summary>
/// The text form of one feature value, shared by the online stores so a value reads back with
/// the CLR type it was written with. The type travels as a one-letter tag:
/// <c>i:123</c> long, <c>d:1.5</c> double (round-trip format, so every bit comes back),
/// <c>s:text</c> string, <c>b:1</c>/<c>b:0</c> bool, <c>t:2026-01-02T03:04:05.1234567Z</c>
/// timestamp, and <c>n</c> for null, which no other value encodes to.
/// </summary>
/// <remarks>
/// A timestamp is kept as its UTC instant with the full tick precision (7 fraction digits);
/// its offset is not kept, so it reads back with offset zero and compares equal to what was written.
/// </remarks>
public static class FeatureValueCodec
{
    public const string Null = "n";

    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    // Decoding hands out these two boxes instead of boxing a bool on every read.
    private static readonly object True = true;
    private static readonly object False = false;

    /// <summary>Whether the value has one of the types a feature value can have.</summary>
    public static bool IsSupported(object? value) => value is null or long or double or string or bool or DateTimeOffset;

    public static string Encode(object? value) => value switch
    {
        null => Null,
        long number => "i:" + number.ToString(CultureInfo.InvariantCulture),
        double number => "d:" + number.ToString("R", CultureInfo.InvariantCulture),
        string text => "s:" + text,
        bool flag => flag ? "b:1" : "b:0",
        DateTimeOffset time => "t:" + time.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException(
            $"A feature value must be long, double, string, bool, DateTimeOffset or null, not {value.GetType().Name}.", nameof(value)),
    };

    /// <summary>The value a text made by <see cref="Encode"/> stands for.</summary>
    /// <exception cref="FormatException">The text is not an encoded feature value.</exception>
    public static object? Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == Null)
        {
            return null;
        }
        if (text.Length < 2 || text[1] != ':')
        {
            throw Malformed(text);
        }

        var body = text.AsSpan(2);
        switch (text[0])
        {
            case 'i' when long.TryParse(body, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number):
                return number;
            case 'd' when double.TryParse(body, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return number;
            case 's':
                return text[2..];
            case 'b' when body is "1":
                return True;
            case 'b' when body is "0":
                return False;
            case 't' when DateTimeOffset.TryParseExact(body, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time):
                return time.ToUniversalTime();
            default:
                throw Malformed(text);
        }
    }

    /// <summary>The value as the stores keep it: timestamps as their UTC instant, everything else unchanged.</summary>
    public static object? Normalize(object? value) => value is DateTimeOffset time ? time.ToUniversalTime() : value;

    private static FormatException Malformed(string text) =>
        new($"'{(text.Length <= 40 ? text : text[..40] + "…")}' is not an encoded feature value.");
}
