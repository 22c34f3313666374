using Keel.Retention.Policy;
using Microsoft.Extensions.Configuration;

namespace Keel.Retention.Tests;

public sealed class PolicyTests
{
    [Fact]
    public void A_yaml_policy_gives_each_tenant_its_rules()
    {
        var file = RetentionPolicyFile.Parse("""
            known_tenants: [globex]
            tenants:
              acme:
                experiment_artifacts: { older_than_days: 30 }
                archived_versions: { cold_after_days: 90, delete_after_days: 365 }
              initech:
            """, "policy.yaml");

        Assert.Equal(30, file.Tenants["acme"].ExperimentArtifacts!.OlderThanDays);
        Assert.Equal(90, file.Tenants["acme"].ArchivedVersions!.ColdAfterDays);
        Assert.Equal(365, file.Tenants["acme"].ArchivedVersions!.DeleteAfterDays);
        Assert.Null(file.Tenants["initech"].ExperimentArtifacts);
        Assert.Equal(new[] { "globex" }, file.KnownTenants);
    }

    [Fact]
    public void A_policy_file_and_configuration_combine_into_one_policy()
    {
        var path = Path.Combine(Path.GetTempPath(), $"keel-retention-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "tenants:\n  globex:\n    experiment_artifacts: { older_than_days: 7 }\n");
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Keel:Retention:PolicyFile"] = path,
                ["Keel:Retention:ScheduledMode"] = "Apply",
                ["Keel:Retention:Tenants:acme:ArchivedVersions:ColdAfterDays"] = "30",
                ["Keel:Retention:KnownTenants:0"] = "initech",
            }).Build();
            var options = configuration.GetSection(RetentionOptions.Section).Get<RetentionOptions>()!;

            var policy = RetentionPolicy.Build(options);

            Assert.Equal(RetentionMode.Apply, options.ScheduledMode);
            Assert.Equal(new TenantRules(null, 30, null), policy.RulesOf("acme"));
            Assert.Equal(new TenantRules(7, null, null), policy.RulesOf("globex"));
            Assert.Equal(TenantRules.None, policy.RulesOf("initech"));
            Assert.Equal(new[] { "initech" }, policy.KnownTenants);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_unknown_key_is_refused_with_its_line()
    {
        var error = Assert.Throws<RetentionPolicyException>(() => RetentionPolicyFile.Parse("""
            tenants:
              acme:
                experiment_artifacts: { older_than_dayz: 30 }
            """, "policy.yaml"));

        Assert.Contains("line 3", error.Message);
        Assert.Contains("older_than_dayz", error.Message);
    }

    [Theory]
    [InlineData(0, null, null, "must be 1 to")]
    [InlineData(null, 90, 30, "must be later than")]
    [InlineData(null, 30, 30, "must be later than")]
    public void Rules_that_make_no_sense_are_refused(int? experimentDays, int? coldDays, int? deleteDays, string expected)
    {
        var error = Assert.Throws<RetentionPolicyException>(() => RetentionPolicy.Build(RetentionBed.Policy("acme", experimentDays, coldDays, deleteDays)));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Invalid_tenant_names_and_a_tenant_defined_twice_are_refused_together()
    {
        var path = Path.Combine(Path.GetTempPath(), $"keel-retention-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "tenants:\n  acme:\n    experiment_artifacts: { older_than_days: 7 }\n");
        try
        {
            var options = RetentionBed.Policy("acme", experimentDays: 30);
            options.PolicyFile = path;
            options.Tenants["Not A Tenant"] = new TenantRetentionOptions();

            var error = Assert.Throws<RetentionPolicyException>(() => RetentionPolicy.Build(options));

            Assert.Contains("both in", error.Message);
            Assert.Contains("'Not A Tenant'", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Routine_audit_actions_do_not_protect_and_evidence_actions_do()
    {
        var policy = RetentionPolicy.Build(new RetentionOptions());

        Assert.True(policy.IsProtectingAuditAction("approval.granted"));
        Assert.True(policy.IsProtectingAuditAction("deployment.rolled_back"));
        Assert.True(policy.IsProtectingAuditAction("access.denied"));
        Assert.False(policy.IsProtectingAuditAction("model.registered"));
        Assert.False(policy.IsProtectingAuditAction("model.stage_changed"));
        Assert.False(policy.IsProtectingAuditAction("access.denied.more"));
    }
}
