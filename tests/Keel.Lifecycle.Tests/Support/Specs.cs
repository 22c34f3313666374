namespace Keel.Lifecycle.Tests.Support;

/// <summary>Training specs of the generated credit data, small enough to train in about a second.</summary>
public static class Specs
{
    /// <summary>
    /// A LightGBM spec of <paramref name="name"/>. The latency budget is generous because the tests
    /// share two cores with other training; latency is measured in benchmarks, not asserted here.
    /// </summary>
    public static string Credit(string name, bool biased = false, string? search = null) => $$"""
        name: {{name}}
        description: Ranks credit applicants by the risk of default.
        owner: risk-team@example.com
        intended_use: Pre-screening of consumer credit applications (generated test data).
        limitations: Trained on generated data; not for real decisions.
        feature_service: {{CreditData.Service}}
        label_view: {{(biased ? CreditData.BiasedLabels : CreditData.FairLabels)}}
        label: {{(biased ? CreditData.BiasedLabel : CreditData.FairLabel)}}
        model_type: lightgbm
        hyper_parameters: {num_iterations: 30, num_leaves: 15, min_data_per_leaf: 40}
        seed: 7
        protected_attributes: [age]
        gates:
          latency: {samples: 50, warmup: 10, p95_budget_ms: 250}
        tags: {team: risk, cost_centre: "4711"}
        {{search ?? ""}}
        """;
}
