using System.Security.Claims;
using Keel.Security.Identity;
using Keel.Security.Permissions;

namespace Keel.Security.Tests;

/// <summary>The four-eyes rule on authenticated identities: nobody approves what they asked for or built.</summary>
public sealed class SeparationOfDutiesTests
{
    private static KeelPrincipal Caller(string subject, string tenant = "acme", params string[] roles)
    {
        List<Claim> claims = [new(KeelClaims.Subject, subject), new(KeelClaims.Tenant, tenant), .. (roles.Length == 0 ? [KeelRoles.Approver] : roles).Select(r => new Claim(KeelClaims.Role, r))];
        return new KeelPrincipal(new ClaimsPrincipal(new ClaimsIdentity(claims, "Bearer", KeelClaims.Subject, KeelClaims.Role)));
    }

    [Fact]
    public void An_approver_who_neither_asked_for_nor_built_the_version_may_approve() =>
        Assert.Null(SeparationOfDutiesCheck.RefusalOf(Caller("carol"), "acme", requester: "alice", author: "bob"));

    [Theory]
    [InlineData("alice")]
    [InlineData(" Alice ")]
    public void The_requester_may_not_approve(string subject)
    {
        var refusal = SeparationOfDutiesCheck.RefusalOf(Caller(subject), "acme", requester: "alice", author: "bob");

        Assert.NotNull(refusal);
        Assert.Contains("requested this version", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void The_author_may_not_approve_even_as_admin()
    {
        var refusal = SeparationOfDutiesCheck.RefusalOf(Caller("BOB", "acme", KeelRoles.Admin), "acme", requester: "alice", author: "bob");

        Assert.NotNull(refusal);
        Assert.Contains("author of this version", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Someone_without_the_approve_permission_may_not_approve()
    {
        var refusal = SeparationOfDutiesCheck.RefusalOf(Caller("carol", "acme", KeelRoles.MlEngineer), "acme", requester: "alice", author: "bob");

        Assert.NotNull(refusal);
        Assert.Contains(Permission.Approve.PolicyName(), refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void An_approver_of_another_tenant_may_not_approve()
    {
        var refusal = SeparationOfDutiesCheck.RefusalOf(Caller("carol", "globex"), "acme", requester: "alice", author: "bob");

        Assert.NotNull(refusal);
        Assert.Contains("globex", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unauthenticated_caller_may_not_approve() =>
        Assert.NotNull(SeparationOfDutiesCheck.RefusalOf(new KeelPrincipal(new ClaimsPrincipal(new ClaimsIdentity())), "acme", "alice", "bob"));
}
