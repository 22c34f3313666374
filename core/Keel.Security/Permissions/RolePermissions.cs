using System.Collections.Frozen;

namespace Keel.Security.Permissions;

/// <summary>
/// The one table of who may do what. Every grant is written out, admin's too, so a permission
/// added to the enum is held by nobody until someone decides who gets it (a test says so).
/// </summary>
public static class RolePermissions
{
    private static readonly Permission[] ReadPlatform =
    [
        Permission.ReadFeatures, Permission.ReadRuns, Permission.ReadModels, Permission.ReadWorkflows,
        Permission.ReadDeployments, Permission.ReadReports, Permission.ReadMetrics,
    ];

    public static FrozenDictionary<string, FrozenSet<Permission>> Table { get; } = new Dictionary<string, Permission[]>
    {
        [KeelRoles.Viewer] = ReadPlatform,
        [KeelRoles.DataScientist] =
        [
            .. ReadPlatform, Permission.ReadLineage,
            Permission.WriteFeatures, Permission.IngestEvents, Permission.Train, Permission.Predict, Permission.SendFeedback,
        ],
        [KeelRoles.MlEngineer] =
        [
            .. ReadPlatform, Permission.ReadLineage,
            Permission.WriteFeatures, Permission.IngestEvents, Permission.Train, Permission.Predict, Permission.SendFeedback,
            Permission.TransitionModels, Permission.Deploy,
        ],
        // Approvers see what they are asked to sign off, lineage included, and change nothing else.
        [KeelRoles.Approver] = [.. ReadPlatform, Permission.ReadLineage, Permission.Approve],
        [KeelRoles.Auditor] = [.. ReadPlatform, Permission.ReadLineage, Permission.ReadAudit],
        [KeelRoles.Admin] =
        [
            .. ReadPlatform, Permission.ReadLineage, Permission.ReadAudit,
            Permission.WriteFeatures, Permission.IngestEvents, Permission.DeliverEvents, Permission.Train, Permission.Predict,
            Permission.SendFeedback, Permission.TransitionModels, Permission.Approve, Permission.Deploy,
            Permission.ManageApiKeys, Permission.ManageRoles, Permission.ManagePolicies,
        ],
        // What programs need and nothing a person decides: no training, approval or deployment.
        [KeelRoles.Service] =
        [
            Permission.ReadFeatures, Permission.ReadModels, Permission.ReadMetrics,
            Permission.IngestEvents, Permission.DeliverEvents, Permission.Predict, Permission.SendFeedback,
        ],
    }.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.ToFrozenSet(), StringComparer.Ordinal);

    /// <summary>The permissions of a role; none for a role Keel does not know.</summary>
    public static IReadOnlySet<Permission> Of(string role) =>
        Table.TryGetValue(role, out var permissions) ? permissions : FrozenSet<Permission>.Empty;

    public static bool Grants(IEnumerable<string> roles, Permission permission) =>
        roles.Any(role => Of(role).Contains(permission));

    /// <summary>The roles that may not do it: what a table-driven test uses to expect 403.</summary>
    public static IReadOnlyList<string> RolesWithout(Permission permission) =>
        KeelRoles.All.Where(role => !Of(role).Contains(permission)).ToList();

    public static IReadOnlyList<string> RolesWith(Permission permission) =>
        KeelRoles.All.Where(role => Of(role).Contains(permission)).ToList();
}
