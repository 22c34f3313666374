namespace Keel.Serving.Deployments;

/// <summary>
/// Where one request goes: the variant whose answer is returned, and the shadows that get a copy.
/// A struct holding references the table already owns, so routing allocates nothing.
/// </summary>
public readonly struct RoutingDecision
{
    private readonly RoutingTable table;
    private readonly ulong shadowMask;

    internal RoutingDecision(RoutingTable table, DeploymentVariant primary, ulong shadowMask, bool sticky)
    {
        this.table = table;
        this.shadowMask = shadowMask;
        Primary = primary;
        IsSticky = sticky;
    }

    /// <summary>The plan the decision was made by (the same object for the whole request).</summary>
    public DeploymentPlan Plan => table.Plan;

    /// <summary>The variant that answers the request.</summary>
    public DeploymentVariant Primary { get; }

    /// <summary>Whether the entity key chose the variant (sticky mode with a key); otherwise a random draw did.</summary>
    public bool IsSticky { get; }

    /// <summary>The shadows that get a copy of this request.</summary>
    public ShadowVariants Shadows => new(table?.ShadowArray ?? [], shadowMask);
}
