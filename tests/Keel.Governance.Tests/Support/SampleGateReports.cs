using Keel.Gates;

namespace Keel.Governance.Tests;

/// <summary>Gate reports as the gates write them, for versions registered in tests.</summary>
public static class SampleGateReports
{
    public static readonly DateTimeOffset EvaluatedAt = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static GateReport Passed(string model) => new()
    {
        ModelName = model,
        ModelVersion = "candidate of run run-1",
        Task = ModelTask.Binary,
        EvaluatedAt = EvaluatedAt,
        Verdict = GateVerdict.Pass,
        Results =
        [
            new GateResult { Gate = "performance", Verdict = GateVerdict.Pass, Summary = "auc 0.81 ≥ 0.70" },
            new GateResult { Gate = "bias", Verdict = GateVerdict.Pass, Summary = "disparate impact 0.93 ≥ 0.80" },
            new GateResult { Gate = "latency", Verdict = GateVerdict.Skipped, Summary = "no probe" },
        ],
    };
}
