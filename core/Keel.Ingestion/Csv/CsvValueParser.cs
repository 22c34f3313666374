using System.Globalization;
using Keel.Features.Definitions;

namespace Keel.Ingestion.Csv;

/// <summary>Reads CSV text as the typed values the dataset schema names.</summary>
public static class CsvValueParser
{
    private static readonly string[] TrueWords = ["true", "TRUE", "True"];
    private static readonly string[] FalseWords = ["false", "FALSE", "False"];

    public static bool TryParse(string text, FeatureType type, out object? value)
    {
        value = null;
        switch (type)
        {
            case FeatureType.Int64 when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l):
                value = l;
                return true;
            case FeatureType.Double when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d):
                value = d;
                return true;
            case FeatureType.Bool when TrueWords.Contains(text):
                value = true;
                return true;
            case FeatureType.Bool when FalseWords.Contains(text):
                value = false;
                return true;
            case FeatureType.Timestamp when TryParseTimestamp(text, out var t):
                value = t;
                return true;
            case FeatureType.String:
                value = text;
                return true;
            default:
                return false;
        }
    }

    public static bool TryParseTimestamp(string text, out DateTimeOffset value)
    {
        // Only ISO-8601-like forms: a date alone or a date and time; times without a zone are UTC.
        if (text.Length >= 10 && text[4] == '-' && text[7] == '-'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
        {
            value = value.ToUniversalTime();
            return true;
        }
        value = default;
        return false;
    }
}
