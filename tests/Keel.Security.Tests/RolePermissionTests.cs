using Keel.Security.Permissions;

namespace Keel.Security.Tests;

/// <summary>The role table: who may do what, and what nobody may be given by accident.</summary>
public sealed class RolePermissionTests
{
    public static TheoryData<Permission> AllPermissions => new(Enum.GetValues<Permission>());

    [Fact]
    public void The_table_has_exactly_the_seven_roles()
    {
        Assert.Equal(
            ["viewer", "data-scientist", "ml-engineer", "approver", "auditor", "admin", "service"],
            KeelRoles.All);
        Assert.Equal(KeelRoles.All.Order(), RolePermissions.Table.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(AllPermissions))]
    public void Every_permission_is_held_by_at_least_one_role(Permission permission) =>
        Assert.NotEmpty(RolePermissions.RolesWith(permission));

    [Fact]
    public void Auditors_hold_no_permission_that_changes_state()
    {
        var changing = RolePermissions.Of(KeelRoles.Auditor).Where(p => p.ChangesState()).ToList();

        Assert.Empty(changing);
    }

    [Fact]
    public void Auditors_and_viewers_hold_only_reads_and_auditors_read_the_audit_log_and_lineage()
    {
        Assert.Contains(Permission.ReadAudit, RolePermissions.Of(KeelRoles.Auditor));
        Assert.Contains(Permission.ReadLineage, RolePermissions.Of(KeelRoles.Auditor));
        Assert.DoesNotContain(RolePermissions.Of(KeelRoles.Viewer), p => p.ChangesState());
    }

    [Theory]
    [InlineData(Permission.ReadFeatures, false)]
    [InlineData(Permission.ReadAudit, false)]
    [InlineData(Permission.Predict, true)]
    [InlineData(Permission.Approve, true)]
    [InlineData(Permission.SendFeedback, true)]
    public void Reads_and_changes_are_told_apart(Permission permission, bool changes) =>
        Assert.Equal(changes, permission.ChangesState());

    [Theory]
    [InlineData(Permission.Approve, new[] { KeelRoles.Approver, KeelRoles.Admin })]
    [InlineData(Permission.Deploy, new[] { KeelRoles.MlEngineer, KeelRoles.Admin })]
    [InlineData(Permission.ManageApiKeys, new[] { KeelRoles.Admin })]
    [InlineData(Permission.ReadAudit, new[] { KeelRoles.Auditor, KeelRoles.Admin })]
    [InlineData(Permission.DeliverEvents, new[] { KeelRoles.Admin, KeelRoles.Service })]
    public void Decisive_permissions_belong_to_the_roles_meant_to_have_them(Permission permission, string[] roles) =>
        Assert.Equal(roles.Order(), RolePermissions.RolesWith(permission).Order());

    [Fact]
    public void A_service_identity_can_neither_train_approve_nor_deploy()
    {
        foreach (var permission in new[] { Permission.Train, Permission.Approve, Permission.Deploy, Permission.TransitionModels })
        {
            Assert.False(RolePermissions.Grants([KeelRoles.Service], permission));
        }
    }

    [Fact]
    public void An_unknown_role_grants_nothing() =>
        Assert.Empty(RolePermissions.Of("superuser"));

    [Fact]
    public void Every_permission_has_its_own_policy_name_that_reads_back()
    {
        var names = Enum.GetValues<Permission>().Select(p => p.PolicyName()).ToList();

        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal("keel:read-features", Permission.ReadFeatures.PolicyName());
        Assert.Equal("keel:manage-api-keys", Permission.ManageApiKeys.PolicyName());
        Assert.All(Enum.GetValues<Permission>(), p => Assert.True(PermissionNames.TryParse(p.PolicyName(), out var back) && back == p));
        Assert.False(PermissionNames.TryParse("keel:everything", out _));
    }
}
