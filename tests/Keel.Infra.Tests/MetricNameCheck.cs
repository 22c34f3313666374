namespace Keel.Infra.Tests;

/// <summary>Holds the names infra/ queries against what the apps export.</summary>
public static class MetricNameCheck
{
    /// <summary>One line per metric a query names that is neither exported nor a known external metric.</summary>
    public static IReadOnlyList<string> Unexported(IEnumerable<InfraQuery> queries, IReadOnlySet<string> exported) =>
        queries
            .SelectMany(query => query.MetricNames
                .Where(name => !exported.Contains(name) && !ExternalMetrics.Exporters.ContainsKey(name))
                .Select(name => $"{query.Source}: {name} is not exported{Hint(name, exported)}"))
            .ToArray();

    private static string Hint(string name, IReadOnlySet<string> exported)
    {
        var near = exported.Where(e => e.StartsWith(name, StringComparison.Ordinal) || name.StartsWith(e, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        return near.Length == 0 ? "" : $" (exported: {string.Join(", ", near)})";
    }
}
