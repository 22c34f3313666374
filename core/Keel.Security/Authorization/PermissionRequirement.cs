using Keel.Security.Permissions;
using Microsoft.AspNetCore.Authorization;

namespace Keel.Security.Authorization;

/// <summary>The one requirement of a <c>keel:…</c> policy: a role of the caller grants the permission.</summary>
public sealed class PermissionRequirement(Permission permission) : IAuthorizationRequirement
{
    public Permission Permission { get; } = permission;

    public override string ToString() => $"requires {Permission.PolicyName()}";
}
