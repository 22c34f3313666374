using System.Text.RegularExpressions;

namespace Keel.Infra.Tests;

/// <summary>
/// The metric names a PromQL expression selects. Not a parser: it removes what cannot be a metric
/// name (strings, label matchers, ranges, label lists of by/on/group_*, offsets, Grafana variables)
/// and keeps the identifiers that are neither a function call nor a keyword.
/// </summary>
public static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
        "and", "or", "unless", "atan2", "inf", "nan",
    };

    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        // Grafana's ${var} would read as a selector's braces, so variables go first; then matchers,
        // keeping a selector's {__name__="…"}, with the strings inside them.
        var text = GrafanaVariable().Replace(expression, " ");
        text = Selector().Replace(text, match =>
        {
            if (NameMatcher().Match(match.Value) is { Success: true } name)
            {
                names.Add(name.Groups["name"].Value);
            }
            return " ";
        });
        text = StringLiteral().Replace(text, " ");
        text = Range().Replace(text, " ");
        text = LabelList().Replace(text, " ");
        text = OffsetOrAt().Replace(text, " ");
        foreach (Match identifier in Identifier().Matches(text))
        {
            var called = text.AsSpan(identifier.Index + identifier.Length).TrimStart().StartsWith("(");
            if (!called && !Keywords.Contains(identifier.Value))
            {
                names.Add(identifier.Value);
            }
        }
        return names;
    }

    /// <summary>The metric a Grafana variable query reads: <c>label_values(metric, label)</c> or <c>query_result(expr)</c>.</summary>
    public static IReadOnlySet<string> VariableQueryMetricNames(string query)
    {
        if (LabelValues().Match(query) is { Success: true } labelValues)
        {
            return labelValues.Groups["selector"].Success ? MetricNames(labelValues.Groups["selector"].Value) : new HashSet<string>();
        }
        if (QueryResult().Match(query) is { Success: true } result)
        {
            return MetricNames(result.Groups["expr"].Value);
        }
        return new HashSet<string>();
    }

    [GeneratedRegex("""\{(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`|[^}"'`])*\}""")]
    private static partial Regex Selector();

    [GeneratedRegex("""__name__\s*=\s*["'`](?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)["'`]""")]
    private static partial Regex NameMatcher();

    [GeneratedRegex("""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex("""\[[^\]]*\]""")]
    private static partial Regex Range();

    [GeneratedRegex("""\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)""", RegexOptions.IgnoreCase)]
    private static partial Regex LabelList();

    [GeneratedRegex("""\boffset\s+-?[0-9a-zA-Z_$]+|@\s*(?:start\s*\(\s*\)|end\s*\(\s*\)|[0-9.eE+-]+)""")]
    private static partial Regex OffsetOrAt();

    [GeneratedRegex("""\$\{[^}]*\}|\$\w+""")]
    private static partial Regex GrafanaVariable();

    // Not preceded by a character that would make it the tail of a number or a longer name (1e3, 0x1f).
    [GeneratedRegex("""(?<![\w.:$])[a-zA-Z_:][a-zA-Z0-9_:]*""")]
    private static partial Regex Identifier();

    [GeneratedRegex("""^\s*label_values\s*\(\s*(?:(?<selector>.+)\s*,)?\s*\w+\s*\)\s*$""", RegexOptions.Singleline)]
    private static partial Regex LabelValues();

    [GeneratedRegex("""^\s*query_result\s*\((?<expr>.+)\)\s*$""", RegexOptions.Singleline)]
    private static partial Regex QueryResult();
}
