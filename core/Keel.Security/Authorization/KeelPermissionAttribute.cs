using Keel.Security.Permissions;
using Microsoft.AspNetCore.Authorization;

namespace Keel.Security.Authorization;

/// <summary>
/// The metadata of an endpoint that needs a permission: it is the <c>keel:…</c> policy to the
/// authorisation middleware and the permission itself to whoever lists endpoints and what they need.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Delegate, AllowMultiple = true)]
public sealed class KeelPermissionAttribute(Permission permission) : AuthorizeAttribute(permission.PolicyName())
{
    public Permission Permission { get; } = permission;
}
