using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Keel.Infra.Tests;

/// <summary>A PromQL expression in infra/, where it is, and the metrics it names.</summary>
public sealed record InfraQuery(string Source, string Expression, IReadOnlySet<string> MetricNames)
{
    public static InfraQuery Of(string source, string expression) => new(source, expression, PromQl.MetricNames(expression));
}

/// <summary>Every PromQL expression in infra/: the alert rules, the Grafana dashboard and KEDA's Prometheus triggers.</summary>
public static class InfraQueries
{
    public static IEnumerable<InfraQuery> All() =>
        Directory.GetFiles(RepoRoot.File("infra", "prometheus", "rules"), "*.yaml").SelectMany(Rules)
            .Concat(Directory.GetFiles(RepoRoot.File("infra", "grafana"), "*.json").SelectMany(Dashboard))
            .Concat(Directory.GetFiles(RepoRoot.File("infra", "keda"), "*.yaml").SelectMany(KedaTriggers));

    public static IEnumerable<InfraQuery> Rules(string path)
    {
        var stream = Load(path);
        foreach (var group in Sequence(stream.Documents[0].RootNode, "groups"))
        {
            foreach (var rule in Sequence(group, "rules"))
            {
                var name = Scalar(rule, "alert") ?? Scalar(rule, "record");
                var expression = Scalar(rule, "expr") ?? throw new InvalidDataException($"{path}: rule {name} has no expr");
                yield return InfraQuery.Of($"{Relative(path)} {name}", expression);
            }
        }
    }

    public static IEnumerable<InfraQuery> Dashboard(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var panel in Panels(document.RootElement))
        {
            var title = panel.TryGetProperty("title", out var t) ? t.GetString() : "(untitled)";
            if (panel.TryGetProperty("targets", out var targets))
            {
                foreach (var target in targets.EnumerateArray())
                {
                    if (target.TryGetProperty("expr", out var expr) && expr.GetString() is { Length: > 0 } expression)
                    {
                        yield return InfraQuery.Of($"{Relative(path)} panel '{title}'", expression);
                    }
                }
            }
        }
        if (document.RootElement.TryGetProperty("templating", out var templating))
        {
            foreach (var variable in templating.GetProperty("list").EnumerateArray().Where(v => v.GetProperty("type").GetString() == "query"))
            {
                var query = variable.GetProperty("query");
                var text = query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString()! : query.GetString()!;
                yield return new InfraQuery($"{Relative(path)} variable ${variable.GetProperty("name").GetString()}", text, PromQl.VariableQueryMetricNames(text));
            }
        }
    }

    public static IEnumerable<InfraQuery> KedaTriggers(string path)
    {
        foreach (var document in Load(path).Documents)
        {
            var name = Scalar(Child(document.RootNode, "metadata"), "name");
            foreach (var trigger in Sequence(Child(document.RootNode, "spec"), "triggers").Where(t => Scalar(t, "type") == "prometheus"))
            {
                var expression = Scalar(Child(trigger, "metadata"), "query") ?? throw new InvalidDataException($"{path}: a prometheus trigger of {name} has no query");
                yield return InfraQuery.Of($"{Relative(path)} {name}", expression);
            }
        }
    }

    private static IEnumerable<JsonElement> Panels(JsonElement container)
    {
        if (!container.TryGetProperty("panels", out var panels))
        {
            yield break;
        }
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            // A collapsed row keeps its panels inside it.
            foreach (var nested in Panels(panel))
            {
                yield return nested;
            }
        }
    }

    private static YamlStream Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream;
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static IEnumerable<YamlNode> Sequence(YamlNode? node, string key) => Child(node, key) is YamlSequenceNode sequence ? sequence.Children : [];

    private static string? Scalar(YamlNode? node, string key) => Child(node, key) is YamlScalarNode scalar ? scalar.Value : null;

    private static string Relative(string path) => Path.GetRelativePath(RepoRoot.Path, path);
}
