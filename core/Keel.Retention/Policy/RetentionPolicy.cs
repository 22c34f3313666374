using Keel.Events;

namespace Keel.Retention.Policy;

/// <summary>
/// The validated policy: each tenant's rules, the further tenants to read for references, and the
/// audit actions that make a version's artifacts evidence. Built by <see cref="Build"/>, which
/// refuses the whole policy, listing every problem, rather than run part of it.
/// </summary>
public sealed class RetentionPolicy
{
    public const int MaxDays = 36_500;

    /// <summary>
    /// Approvals, deployments and refused accesses are what an auditor asks about; every version also
    /// has <c>model.registered</c> and <c>model.stage_changed</c> entries, which must not protect it, or
    /// no archived version could ever be moved.
    /// </summary>
    public static IReadOnlyList<string> DefaultProtectingAuditActions { get; } = ["approval.", "deployment.", "access.denied"];

    private RetentionPolicy(IReadOnlyDictionary<string, TenantRules> tenants, IReadOnlyList<string> knownTenants, IReadOnlyList<string> protectingAuditActions)
    {
        Tenants = tenants;
        KnownTenants = knownTenants;
        ProtectingAuditActions = protectingAuditActions;
    }

    public IReadOnlyDictionary<string, TenantRules> Tenants { get; }

    public IReadOnlyList<string> KnownTenants { get; }

    public IReadOnlyList<string> ProtectingAuditActions { get; }

    public TenantRules RulesOf(string tenant) => Tenants.TryGetValue(tenant, out var rules) ? rules : TenantRules.None;

    public bool IsProtectingAuditAction(string action) =>
        ProtectingAuditActions.Any(p => p.EndsWith('.') ? action.StartsWith(p, StringComparison.Ordinal) : action == p);

    /// <summary>The policy the options describe, with the tenants of <see cref="RetentionOptions.PolicyFile"/> added.</summary>
    /// <exception cref="RetentionPolicyException">A rule, tenant or file is invalid.</exception>
    public static RetentionPolicy Build(RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tenants = new Dictionary<string, TenantRetentionOptions>(options.Tenants, StringComparer.Ordinal);
        var known = new List<string>(options.KnownTenants ?? []);
        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.PolicyFile))
        {
            var file = RetentionPolicyFile.Load(options.PolicyFile);
            foreach (var (tenant, rules) in file.Tenants)
            {
                if (!tenants.TryAdd(tenant, rules))
                {
                    problems.Add($"tenant '{tenant}' has rules both in {RetentionOptions.Section}:Tenants and in {options.PolicyFile}; keep one.");
                }
            }
            known.AddRange(file.KnownTenants);
        }

        var validated = new SortedDictionary<string, TenantRules>(StringComparer.Ordinal);
        foreach (var (tenant, rules) in tenants)
        {
            if (!TenantName.IsValid(tenant))
            {
                problems.Add($"tenant '{tenant}': {TenantName.Rule}.");
                continue;
            }
            validated[tenant] = Rules(tenant, rules, problems);
        }
        foreach (var tenant in known.Where(t => !TenantName.IsValid(t)))
        {
            problems.Add($"known tenant '{tenant}': {TenantName.Rule}.");
        }
        var actions = options.ProtectingAuditActions ?? [.. DefaultProtectingAuditActions];
        if (actions.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("ProtectingAuditActions holds an empty action.");
        }
        if (string.IsNullOrWhiteSpace(options.HotTier) || string.IsNullOrWhiteSpace(options.ColdTier)
            || string.Equals(options.HotTier.Trim(), options.ColdTier.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"HotTier ('{options.HotTier}') and ColdTier ('{options.ColdTier}') must be two different storage tiers.");
        }
        if (problems.Count > 0)
        {
            throw new RetentionPolicyException(string.IsNullOrWhiteSpace(options.PolicyFile) ? RetentionOptions.Section : $"{RetentionOptions.Section} + {options.PolicyFile}", problems);
        }
        return new RetentionPolicy(validated, known.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(), actions.Select(a => a.Trim()).ToArray());
    }

    private static TenantRules Rules(string tenant, TenantRetentionOptions? rules, List<string> problems)
    {
        var experiment = Days(rules?.ExperimentArtifacts?.OlderThanDays, $"{tenant}: {TenantRules.ExperimentRule}", problems);
        // Moving to the cold tier loses nothing, so it may follow archiving at once (0 days); deletion may not.
        var cold = Days(rules?.ArchivedVersions?.ColdAfterDays, $"{tenant}: {TenantRules.ColdRule}", problems, minimum: 0);
        var delete = Days(rules?.ArchivedVersions?.DeleteAfterDays, $"{tenant}: {TenantRules.DeleteRule}", problems);
        if (cold is { } c && delete is { } d && d <= c)
        {
            // A blob deleted before or when it would go cold makes the cold rule meaningless; most likely a typo.
            problems.Add($"{tenant}: {TenantRules.DeleteRule} ({d}) must be later than {TenantRules.ColdRule} ({c}).");
        }
        return new TenantRules(experiment, cold, delete);
    }

    private static int? Days(int? days, string what, List<string> problems, int minimum = 1)
    {
        // Zero would delete an artifact the moment its run ends: never what a deletion rule means.
        if (days is { } value && (value < minimum || value > MaxDays))
        {
            problems.Add($"{what} is {value}; it must be {minimum} to {MaxDays} days.");
            return null;
        }
        return days;
    }
}
