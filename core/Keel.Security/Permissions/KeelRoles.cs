namespace Keel.Security.Permissions;

/// <summary>
/// The roles an identity can hold, as they appear in a token's <c>role</c> claim and on an API key.
/// What each may do is decided in one place, <see cref="RolePermissions"/>.
/// </summary>
public static class KeelRoles
{
    public const string Viewer = "viewer";
    public const string DataScientist = "data-scientist";
    public const string MlEngineer = "ml-engineer";
    public const string Approver = "approver";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    /// <summary>Programs rather than people: ingestion clients, Dapr push, scrapers, callers of predict.</summary>
    public const string Service = "service";

    public static IReadOnlyList<string> All { get; } = [Viewer, DataScientist, MlEngineer, Approver, Auditor, Admin, Service];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
