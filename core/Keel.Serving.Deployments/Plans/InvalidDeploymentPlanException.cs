namespace Keel.Serving.Deployments;

/// <summary>A plan was rejected; <see cref="Errors"/> lists every problem, each naming its field.</summary>
public sealed class InvalidDeploymentPlanException(string model, IReadOnlyList<PlanValidationError> errors)
    : ArgumentException($"Deployment plan for model '{model}' is invalid: {string.Join("; ", errors)}")
{
    public IReadOnlyList<PlanValidationError> Errors { get; } = errors;

    /// <summary>The errors grouped by field, the shape of ProblemDetails' <c>errors</c> member.</summary>
    public IDictionary<string, string[]> ToDictionary() =>
        Errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
}
