namespace Keel.Infra.Tests;

/// <summary>Reads the Prometheus text and OpenMetrics formats.</summary>
internal static class Exposition
{
    private static readonly string[] CumulativeTypes = ["counter", "histogram", "summary", "gaugehistogram"];

    /// <summary>
    /// The name of every sample, as Prometheus stores it: <c>x_total</c>, <c>x_bucket</c>, <c>x_sum</c>,
    /// not the family's name. OpenMetrics' <c>x_created</c> timestamps are left out: Prometheus does
    /// not keep them as series by default, so a rule must not rely on them.
    /// </summary>
    public static IEnumerable<string> SeriesNames(string exposition)
    {
        var lines = exposition.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
        var created = lines
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts is ["#", "TYPE", _, var type] && CumulativeTypes.Contains(type))
            .Select(parts => parts[2] + "_created")
            .ToHashSet(StringComparer.Ordinal);
        return lines
            .Where(line => line[0] != '#')
            .Select(line => line[..line.IndexOfAny([' ', '{'])])
            .Where(name => !created.Contains(name));
    }
}
