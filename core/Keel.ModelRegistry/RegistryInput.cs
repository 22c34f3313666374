using System.Text.RegularExpressions;

namespace Keel.ModelRegistry;

/// <summary>
/// Checks of what callers pass in, shared by every store so that both refuse the same input
/// with the same message. Names are restricted to characters that are safe in URLs, file names
/// and metric labels, since models and aliases end up in all three.
/// </summary>
internal static partial class RegistryInput
{
    public const int MaxTenantLength = 128;
    public const int MaxNameLength = 128;
    public const int MaxActorLength = 256;
    public const int MaxReasonLength = 2000;
    public const int MaxTextLength = 10_000;

    public static string Tenant(string? tenant)
    {
        if (string.IsNullOrWhiteSpace(tenant))
        {
            throw new ArgumentException("A tenant is required.", nameof(tenant));
        }
        if (tenant.Length > MaxTenantLength || tenant.Trim() != tenant || tenant.Any(char.IsControl))
        {
            throw new ArgumentException($"Tenant '{tenant}' is not valid: at most {MaxTenantLength} characters, no surrounding white space or control characters.", nameof(tenant));
        }
        return tenant;
    }

    public static string ModelName(string? name, string parameter = "model")
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A model name is required.", parameter);
        }
        if (!ModelNamePattern().IsMatch(name))
        {
            throw new ArgumentException($"Model name '{name}' is not valid: 1 to {MaxNameLength} letters, digits, '.', '_' or '-', starting with a letter or digit.", parameter);
        }
        return name;
    }

    public static string Actor(string? actor, string parameter = "actor")
    {
        if (string.IsNullOrWhiteSpace(actor))
        {
            throw new ArgumentException("Who makes the change is required (an actor).", parameter);
        }
        if (actor.Length > MaxActorLength)
        {
            throw new ArgumentException($"The actor is longer than {MaxActorLength} characters.", parameter);
        }
        return actor.Trim();
    }

    public static string Reason(string? reason, string parameter = "reason")
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("Why the change is made is required (a reason).", parameter);
        }
        if (reason.Length > MaxReasonLength)
        {
            throw new ArgumentException($"The reason is longer than {MaxReasonLength} characters.", parameter);
        }
        return reason.Trim();
    }

    public static int Version(int version, string parameter = "version") =>
        version >= 1 ? version : throw new ArgumentOutOfRangeException(parameter, version, "Version numbers start at 1.");

    public static ModelStage Stage(ModelStage stage, string parameter) =>
        Enum.IsDefined(stage) ? stage : throw new ArgumentOutOfRangeException(parameter, stage, "Not a model stage: None, Staging, Production or Archived.");

    /// <summary>A SHA-256 in lower-case hex, the form the artifact store names artifacts by.</summary>
    public static string Sha256(string? sha256, string what)
    {
        if (sha256 is null || !Sha256Pattern().IsMatch(sha256))
        {
            throw new ArgumentException($"The {what} must be a SHA-256 of 64 hexadecimal characters; got '{sha256}'.", "sha256");
        }
        return sha256.ToLowerInvariant();
    }

    public static string Alias(string? alias)
    {
        if (string.IsNullOrEmpty(alias) || !AliasPattern().IsMatch(alias))
        {
            throw new ArgumentException($"Alias '{alias}' is not valid: 1 to 64 lower-case letters, digits, '_' or '-', starting with a letter.", nameof(alias));
        }
        // MLflow reads "latest" and "v<number>" as version references, so they cannot be aliases.
        if (alias == "latest" || ReservedAliasPattern().IsMatch(alias))
        {
            throw new ArgumentException($"Alias '{alias}' is reserved: 'latest' and 'v' followed by a number name versions.", nameof(alias));
        }
        return alias;
    }

    public static string ArtifactName(string? name)
    {
        if (string.IsNullOrEmpty(name) || !ArtifactNamePattern().IsMatch(name))
        {
            throw new ArgumentException($"Artifact name '{name}' is not valid: 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.", nameof(name));
        }
        if (name == ArtifactNames.Onnx)
        {
            throw new ArgumentException($"The '{ArtifactNames.Onnx}' artifact is the one the version was created with; it cannot be attached or replaced.", nameof(name));
        }
        return name;
    }

    public static string? Text(string? text, string parameter)
    {
        if (text is not null && text.Length > MaxTextLength)
        {
            throw new ArgumentException($"The {parameter} is longer than {MaxTextLength} characters.", parameter);
        }
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    public static NewRegisteredModel Model(NewRegisteredModel? model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelName(model.Name, "model.Name");
        var owner = Actor(model.Owner, "model.Owner");
        foreach (var (key, value) in model.Tags ?? throw new ArgumentException("Tags must not be null.", "model.Tags"))
        {
            if (string.IsNullOrWhiteSpace(key) || key.Length > MaxNameLength)
            {
                throw new ArgumentException($"Tag name '{key}' is not valid: 1 to {MaxNameLength} characters.", "model.Tags");
            }
            if (value is null || value.Length > MaxTextLength)
            {
                throw new ArgumentException($"Tag '{key}' needs a value of at most {MaxTextLength} characters.", "model.Tags");
            }
        }
        return model with { Owner = owner, Description = Text(model.Description, "description") };
    }

    public static NewModelVersion Version(NewModelVersion? version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var artifact = Sha256(version.ArtifactSha256, "ONNX artifact hash");
        var lineage = Lineage(version.Lineage);

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in version.Metrics ?? throw new ArgumentException("Metrics must not be null.", "version.Metrics"))
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
            {
                throw new ArgumentException($"Metric name '{name}' is not valid: 1 to {MaxNameLength} characters.", "version.Metrics");
            }
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"Metric '{name}' is {value}; metrics must be finite numbers.", "version.Metrics");
            }
            metrics[name] = value;
        }

        var artifacts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, sha256) in version.Artifacts ?? throw new ArgumentException("Artifacts must not be null.", "version.Artifacts"))
        {
            artifacts[ArtifactName(name)] = Sha256(sha256, $"hash of artifact '{name}'");
        }

        var runId = version.RunId;
        if (runId is not null && (string.IsNullOrWhiteSpace(runId) || runId.Length > MaxNameLength))
        {
            throw new ArgumentException($"Run id '{runId}' is not valid: 1 to {MaxNameLength} characters.", "version.RunId");
        }

        return version with
        {
            ArtifactSha256 = artifact,
            Lineage = lineage,
            Metrics = metrics,
            Artifacts = artifacts,
            Description = Text(version.Description, "description"),
        };
    }

    public static Lineage Lineage(Lineage? lineage)
    {
        if (lineage is null)
        {
            throw new ArgumentException("A version needs its lineage: the dataset snapshot, training specification and code it was built from.", "version.Lineage");
        }
        Required(lineage.DatasetSnapshotHash, "dataset snapshot hash");
        Required(lineage.TrainingSpecHash, "training specification hash");
        Required(lineage.CodeVersion, "code version");
        if (lineage.RowCount < 0)
        {
            throw new ArgumentException($"The lineage's row count is {lineage.RowCount}; it cannot be negative.", "version.Lineage");
        }
        if (lineage.From is { } from && lineage.To is { } to && from > to)
        {
            throw new ArgumentException($"The lineage's time range starts ({from:O}) after it ends ({to:O}).", "version.Lineage");
        }
        foreach (var (view, viewVersion) in lineage.FeatureViews ?? throw new ArgumentException("The lineage's feature views must not be null.", "version.Lineage"))
        {
            if (string.IsNullOrWhiteSpace(view) || string.IsNullOrWhiteSpace(viewVersion))
            {
                throw new ArgumentException($"The lineage's feature view '{view}' needs a name and a version.", "version.Lineage");
            }
        }
        return lineage;

        static void Required(string? value, string what)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"The lineage's {what} is required.", "version.Lineage");
            }
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z")]
    private static partial Regex ModelNamePattern();

    [GeneratedRegex(@"^[0-9A-Fa-f]{64}\z")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex(@"^[a-z][a-z0-9_-]{0,63}\z")]
    private static partial Regex AliasPattern();

    [GeneratedRegex(@"^v[0-9]+\z")]
    private static partial Regex ReservedAliasPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}\z")]
    private static partial Regex ArtifactNamePattern();
}
