using System.Globalization;

namespace Keel.Retention.Policy;

/// <summary>One tenant's validated rules, in days; null where the tenant has no such rule.</summary>
public sealed record TenantRules(int? ExperimentArtifactsOlderThanDays, int? ArchivedColdAfterDays, int? ArchivedDeleteAfterDays)
{
    public const string ExperimentRule = "experiment_artifacts.older_than_days";
    public const string ColdRule = "archived_versions.cold_after_days";
    public const string DeleteRule = "archived_versions.delete_after_days";

    public static TenantRules None { get; } = new(null, null, null);

    /// <summary>How a rule is named in plans and audit entries, e.g. <c>experiment_artifacts.older_than_days=30</c>.</summary>
    public static string Describe(string rule, int days) => string.Create(CultureInfo.InvariantCulture, $"{rule}={days}");
}
