namespace Keel.Serving.Deployments;

/// <summary>One thing wrong with a plan. <paramref name="Field"/> is the JSON path of the offending field, e.g. <c>variants[1].weight</c>.</summary>
public sealed record PlanValidationError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
