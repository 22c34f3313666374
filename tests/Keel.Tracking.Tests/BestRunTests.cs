namespace Keel.Tracking.Tests;

public sealed class BestRunTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static Run Trial(string id, int started, double? auc, RunStatus status = RunStatus.Finished) => new(
        id, "acme", "exp", id, "parent", status, T0.AddMinutes(started), T0.AddMinutes(started + 1), "alice", null,
        new Dictionary<string, string>(),
        auc is { } value ? new Dictionary<string, double> { ["auc"] = value, ["logloss"] = 1 - value } : new Dictionary<string, double>(),
        new Dictionary<string, string>(),
        new Dictionary<string, Storage.Artifacts.ArtifactRef>());

    [Fact]
    public void The_highest_value_wins_when_higher_is_better_and_the_lowest_otherwise()
    {
        var runs = new[] { Trial("a", 0, 0.7), Trial("b", 1, 0.9), Trial("c", 2, 0.8) };

        Assert.Equal("b", BestRun.Select(runs, "auc", higherIsBetter: true).Id);
        Assert.Equal("a", BestRun.Select(runs, "auc", higherIsBetter: false).Id);
        Assert.Equal("b", BestRun.Select(runs, "logloss", higherIsBetter: false).Id);
    }

    [Fact]
    public void Failed_killed_running_missing_and_NaN_runs_do_not_compete()
    {
        var runs = new[]
        {
            Trial("failed", 0, 0.99, RunStatus.Failed),
            Trial("killed", 1, 0.98, RunStatus.Killed),
            Trial("running", 2, 0.97, RunStatus.Running),
            Trial("nan", 3, double.NaN),
            Trial("none", 4, null),
            Trial("ok", 5, 0.6),
        };

        Assert.Equal("ok", BestRun.Select(runs, "auc", higherIsBetter: true).Id);
    }

    [Fact]
    public void Of_equal_values_the_run_started_first_wins()
    {
        var runs = new[] { Trial("late", 5, 0.8), Trial("early", 1, 0.8), Trial("middle", 3, 0.8) };

        Assert.Equal("early", BestRun.Select(runs, "auc", higherIsBetter: true).Id);
    }

    [Fact]
    public void Without_a_qualifying_run_the_error_names_the_metrics_that_were_logged()
    {
        var runs = new[] { Trial("a", 0, 0.7), Trial("b", 1, 0.9, RunStatus.Failed) };

        var error = Assert.Throws<InvalidOperationException>(() => BestRun.Select(runs, "acu", higherIsBetter: true));

        Assert.Contains("'acu'", error.Message);
        Assert.Contains("2 runs, 1 finished", error.Message);
        Assert.Contains("auc, logloss", error.Message);
    }
}
