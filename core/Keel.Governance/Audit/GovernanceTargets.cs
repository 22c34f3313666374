namespace Keel.Governance;

/// <summary>
/// Targets of the entries that concern no single model version, written one way everywhere so that
/// <c>keel audit show --target</c> finds them. Versions use <see cref="Keel.Audit.AuditTargets.Model"/>.
/// </summary>
public static class GovernanceTargets
{
    /// <summary>A registered model as a whole (its creation), as opposed to one of its versions.</summary>
    public static string Model(string name) => $"model:{name}";

    /// <summary>A model's deployment plan (traffic split) in serving.</summary>
    public static string Deployment(string model) => $"deployment:{model}";

    public static string ApiKey(string id) => $"apikey:{id}";

    /// <summary>A training run, for what happens to a candidate before it is a version (gates that failed).</summary>
    public static string Run(string runId) => $"run:{runId}";
}
