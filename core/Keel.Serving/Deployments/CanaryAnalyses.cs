using System.Collections.Concurrent;

namespace Keel.Serving.Deployments;

/// <summary>The latest canary analysis of a plan revision, and whether its recommendation was published.</summary>
public sealed record CanaryAnalysis(long PlanRevision, string? WorkflowInstanceId, CanaryRecommendation Recommendation, bool Published);

/// <summary>
/// The latest canary analysis of each model, kept after its canary ended so the deployment API can
/// show what the last decision was based on. One entry per model: bounded by the models served.
/// </summary>
public sealed class CanaryAnalyses
{
    private readonly ConcurrentDictionary<(string Tenant, string Model), CanaryAnalysis> latest = new();

    public CanaryAnalysis? Latest(string tenant, string model) => latest.GetValueOrDefault((tenant, model));

    internal void Set(string tenant, string model, CanaryAnalysis analysis) => latest[(tenant, model)] = analysis;
}
