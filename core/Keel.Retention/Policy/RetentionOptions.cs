namespace Keel.Retention.Policy;

/// <summary>
/// The artifact lifecycle settings (<c>Keel:Retention</c>, environment <c>KEEL__RETENTION__…</c>). With
/// nothing configured no tenant has a rule, so nothing is ever moved or deleted.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Keel:Retention";

    /// <summary>What the timer does: <see cref="RetentionMode.DryRun"/> (the default) only reports.</summary>
    public RetentionMode ScheduledMode { get; set; } = RetentionMode.DryRun;

    /// <summary>A YAML policy file (<see cref="RetentionPolicyFile"/>) whose tenants are added to <see cref="Tenants"/>.</summary>
    public string? PolicyFile { get; set; }

    /// <summary>Tenant → its rules.</summary>
    public Dictionary<string, TenantRetentionOptions> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Further tenants whose runs and versions are read for references although they have no rules.
    /// Blobs are shared across tenants, so every tenant that may refer to one must be read before
    /// it is deleted; tenants with rules and tenants found in the audit log are read anyway.
    /// </summary>
    public string[]? KnownTenants { get; set; }

    /// <summary>The cold tier's directory; empty means <c>artifacts-cold</c> under <c>Keel:DataDir</c>.</summary>
    public string? ColdDirectory { get; set; }

    /// <summary>The price book variant (storage tier) of the artifact store's own directory.</summary>
    public string HotTier { get; set; } = "hot";

    /// <summary>The price book variant (storage tier) of <see cref="ColdDirectory"/>.</summary>
    public string ColdTier { get; set; } = "cold";

    /// <summary>A price book file, used only when the platform has none (<c>Keel:Costs:PriceBookFile</c>, <c>Keel:Costs:PriceBook</c>).</summary>
    public string? PriceBookFile { get; set; }

    /// <summary>
    /// Audit actions that, on a version's target (<c>model:&lt;name&gt;:&lt;version&gt;</c>), make its
    /// artifacts evidence; a name ending in '.' matches every action it starts. Null means
    /// <see cref="RetentionPolicy.DefaultProtectingAuditActions"/>.
    /// </summary>
    public string[]? ProtectingAuditActions { get; set; }
}

/// <summary>The rules of one tenant; a rule left out never moves or deletes anything.</summary>
public sealed class TenantRetentionOptions
{
    public ExperimentArtifactsOptions? ExperimentArtifacts { get; set; }

    public ArchivedVersionsOptions? ArchivedVersions { get; set; }
}

/// <summary>Artifacts of runs that never became a registered version.</summary>
public sealed class ExperimentArtifactsOptions
{
    /// <summary>Deleted once the run ended this many days ago.</summary>
    public int? OlderThanDays { get; set; }
}

/// <summary>Artifacts of versions in stage Archived, aged from the moment they were archived.</summary>
public sealed class ArchivedVersionsOptions
{
    /// <summary>Moved to the cold tier this many days after archiving.</summary>
    public int? ColdAfterDays { get; set; }

    /// <summary>Deleted this many days after archiving; later than <see cref="ColdAfterDays"/> when both are set.</summary>
    public int? DeleteAfterDays { get; set; }
}
