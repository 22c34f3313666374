using System.Text.RegularExpressions;

namespace Keel.Hardening.Names;

/// <summary>
/// A kind of named thing and the names it accepts. <see cref="Pattern"/> is written as a JSON
/// Schema pattern (ECMAScript, <c>$</c> only at the very end); it is matched so that a trailing
/// newline never passes, which .NET's own <c>$</c> would allow.
/// </summary>
public sealed class ResourceKind
{
    private readonly Regex _regex;

    private ResourceKind(string name, string pattern, string rule)
    {
        Name = name;
        Pattern = pattern;
        Rule = rule;
        _regex = new Regex(pattern.EndsWith('$') ? pattern[..^1] + @"\z" : pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>As the kind is named in a message ("model name").</summary>
    public string Name { get; }

    public string Pattern { get; }

    public string Rule { get; }

    public bool IsMatch(string? value) => value is not null && _regex.IsMatch(value);

    public override string ToString() => Name;

    // Keel.Events.TenantName: partitions files and keys.
    public static readonly ResourceKind Tenant = new("tenant name", "^[a-z0-9][a-z0-9-]{0,62}$",
        "1 to 63 lower-case letters, digits or '-', starting with a letter or digit");

    // Keel.ModelRegistry.RegistryInput.ModelName and the prediction event schema's model.
    public static readonly ResourceKind Model = new("model name", "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
        "1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");

    // Keel.ModelRegistry.RegistryInput.Alias ("latest" and "v<n>" are further reserved there).
    public static readonly ResourceKind ModelAlias = new("model alias", "^[a-z][a-z0-9_-]{0,63}$",
        "1 to 64 lower-case letters, digits, '_' or '-', starting with a letter");

    // Keel.Features.Repository.Names: feature objects become SQL identifiers and Redis keys.
    public static readonly ResourceKind FeatureView = new("feature view name", "^[A-Za-z][A-Za-z0-9_]{0,62}$",
        "1 to 63 letters, digits or '_', starting with a letter");

    public static readonly ResourceKind FeatureService = new("feature service name", FeatureView.Pattern, FeatureView.Rule);

    // Keel.Events.Schemas.RecordIngestedShape's dataset.
    public static readonly ResourceKind Dataset = new("dataset name", FeatureView.Pattern, FeatureView.Rule);

    // Keel.Tracking accepts any experiment name without control characters; in a URL a name also
    // needs to stay one path segment.
    public static readonly ResourceKind Experiment = new("experiment name", "^[A-Za-z0-9][A-Za-z0-9 ._-]{0,249}$",
        "1 to 250 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit");

    // Keel.Tracking.SqliteTrackingStore: a version-7 GUID in "N" form.
    public static readonly ResourceKind RunId = new("run id", "^[0-9a-f]{32}$", "32 lower-case hexadecimal digits");

    // Keel.Workflows.Api.InstanceIds: ids a caller may choose for a workflow instance.
    public static readonly ResourceKind WorkflowInstanceId = new("workflow instance id", "^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$",
        "1 to 100 letters, digits, '-', '_' or '.', starting with a letter or digit");

    public static IReadOnlyList<ResourceKind> All { get; } =
        [Tenant, Model, ModelAlias, FeatureView, FeatureService, Dataset, Experiment, RunId, WorkflowInstanceId];
}
