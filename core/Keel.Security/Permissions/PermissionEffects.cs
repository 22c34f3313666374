namespace Keel.Security.Permissions;

/// <summary>
/// Which permissions only read. Kept apart from the role table so that a test can hold the
/// auditor role to "changes nothing" against a list that does not know about roles.
/// </summary>
public static class PermissionEffects
{
    private static readonly HashSet<Permission> ReadOnly =
    [
        Permission.ReadFeatures,
        Permission.ReadRuns,
        Permission.ReadModels,
        Permission.ReadWorkflows,
        Permission.ReadDeployments,
        Permission.ReadReports,
        Permission.ReadAudit,
        Permission.ReadLineage,
        Permission.ReadMetrics,
    ];

    /// <summary>
    /// True unless the permission only reads. Predict counts as a change: every prediction is logged
    /// and published, and feeds drift and decay.
    /// </summary>
    public static bool ChangesState(this Permission permission) => !ReadOnly.Contains(permission);
}
