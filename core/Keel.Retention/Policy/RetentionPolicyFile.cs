using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Keel.Retention.Policy;

/// <summary>
/// The retention policy as a YAML file (or JSON, which YAML reads as well), snake_case keys:
/// <code>
/// known_tenants: [globex]
/// tenants:
///   acme:
///     experiment_artifacts: { older_than_days: 30 }
///     archived_versions: { cold_after_days: 90, delete_after_days: 365 }
/// </code>
/// An unknown key is an error with its line, so a misspelt rule is never silently ignored.
/// </summary>
public static class RetentionPolicyFile
{
    public sealed record Contents(IReadOnlyDictionary<string, TenantRetentionOptions> Tenants, IReadOnlyList<string> KnownTenants);

    public static Contents Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RetentionPolicyException(path, [$"cannot read the file: {ex.Message}"]);
        }
        return Parse(text, path);
    }

    /// <exception cref="RetentionPolicyException">The text is not a policy.</exception>
    public static Contents Parse(string text, string origin)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new RetentionPolicyException(origin, [$"line {ex.Start.Line}: {ex.Message}"]);
        }
        var problems = new List<string>();
        var tenants = new Dictionary<string, TenantRetentionOptions>(StringComparer.Ordinal);
        var known = new List<string>();
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new RetentionPolicyException(origin, ["the file must be a mapping with 'tenants' (and optionally 'known_tenants')."]);
        }
        foreach (var (key, value) in Entries(root, problems))
        {
            switch (key)
            {
                case "tenants" when value is YamlMappingNode map:
                    foreach (var (tenant, rules) in Entries(map, problems))
                    {
                        tenants[tenant] = Tenant(rules, tenant, problems);
                    }
                    break;
                case "known_tenants" when value is YamlSequenceNode list:
                    known.AddRange(list.Children.Select(n => Scalar(n, "known_tenants[]", problems)).OfType<string>());
                    break;
                case "tenants" or "known_tenants":
                    problems.Add($"line {value.Start.Line}: '{key}' must be a {(key == "tenants" ? "mapping of tenant to rules" : "list of tenants")}.");
                    break;
                default:
                    problems.Add($"line {value.Start.Line}: unknown key '{key}'; expected tenants, known_tenants.");
                    break;
            }
        }
        if (problems.Count > 0)
        {
            throw new RetentionPolicyException(origin, problems);
        }
        return new Contents(tenants, known);
    }

    private static TenantRetentionOptions Tenant(YamlNode node, string tenant, List<string> problems)
    {
        var rules = new TenantRetentionOptions();
        if (node is not YamlMappingNode map)
        {
            // "acme:" with nothing after it: a tenant listed without rules is allowed and does nothing.
            if (node is not YamlScalarNode { Value: null or "" })
            {
                problems.Add($"line {node.Start.Line}: the rules of '{tenant}' must be a mapping.");
            }
            return rules;
        }
        foreach (var (key, value) in Entries(map, problems))
        {
            var at = $"{tenant}.{key}";
            switch (key)
            {
                case "experiment_artifacts":
                    rules.ExperimentArtifacts = new ExperimentArtifactsOptions();
                    foreach (var (field, days) in Fields(value, at, problems))
                    {
                        if (field == "older_than_days")
                        {
                            rules.ExperimentArtifacts.OlderThanDays = Days(days, $"{at}.{field}", problems);
                        }
                        else
                        {
                            problems.Add($"line {days.Start.Line}: unknown key '{at}.{field}'; expected older_than_days.");
                        }
                    }
                    break;
                case "archived_versions":
                    rules.ArchivedVersions = new ArchivedVersionsOptions();
                    foreach (var (field, days) in Fields(value, at, problems))
                    {
                        switch (field)
                        {
                            case "cold_after_days":
                                rules.ArchivedVersions.ColdAfterDays = Days(days, $"{at}.{field}", problems);
                                break;
                            case "delete_after_days":
                                rules.ArchivedVersions.DeleteAfterDays = Days(days, $"{at}.{field}", problems);
                                break;
                            default:
                                problems.Add($"line {days.Start.Line}: unknown key '{at}.{field}'; expected cold_after_days, delete_after_days.");
                                break;
                        }
                    }
                    break;
                default:
                    problems.Add($"line {value.Start.Line}: unknown rule '{at}'; expected experiment_artifacts, archived_versions.");
                    break;
            }
        }
        return rules;
    }

    private static IEnumerable<(string Key, YamlNode Value)> Fields(YamlNode node, string at, List<string> problems)
    {
        if (node is YamlMappingNode map)
        {
            return Entries(map, problems);
        }
        problems.Add($"line {node.Start.Line}: '{at}' must be a mapping.");
        return [];
    }

    private static IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode map, List<string> problems)
    {
        foreach (var (key, value) in map.Children)
        {
            if (key is YamlScalarNode { Value: { Length: > 0 } name })
            {
                yield return (name, value);
            }
            else
            {
                problems.Add($"line {key.Start.Line}: a key must be a plain name.");
            }
        }
    }

    private static int? Days(YamlNode node, string at, List<string> problems)
    {
        var text = Scalar(node, at, problems);
        if (text is null)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days))
        {
            return days;
        }
        problems.Add($"line {node.Start.Line}: {at} '{text}' is not a whole number of days.");
        return null;
    }

    private static string? Scalar(YamlNode node, string at, List<string> problems)
    {
        if (node is YamlScalarNode { Value: { } value })
        {
            return value;
        }
        problems.Add($"line {node.Start.Line}: {at} must be a single value.");
        return null;
    }
}
