using Keel.Decay.Metrics;
using Keel.Decay.Tracking;

namespace Keel.Decay.Tests;

public class AssessmentTests
{
    private static LiveMetrics Live(int count, double accuracy, double auc) => new(count, accuracy, null, null, auc, null, null);

    [Fact]
    public void A_metric_is_degraded_only_when_it_falls_more_than_its_margin_below_the_registered_value()
    {
        var registered = new Dictionary<string, double> { ["auc"] = 0.80, ["accuracy"] = 0.75 };

        var verdict = DecayAssessment.Of(Live(500, 0.71, 0.74), registered, new DecayJudging());

        Assert.True(verdict.IsDegraded);
        var auc = Assert.Single(verdict.Degraded);
        Assert.Equal(("auc", 0.74, 0.80, 0.05), (auc.Metric, auc.Live, auc.Registered, auc.Margin));
    }

    [Fact]
    public void Too_few_labels_or_no_registered_metric_gives_no_verdict()
    {
        var registered = new Dictionary<string, double> { ["auc"] = 0.80 };

        Assert.False(DecayAssessment.Of(Live(199, 0.1, 0.1), registered, new DecayJudging()).Judged);
        Assert.False(DecayAssessment.Of(Live(500, 0.1, 0.1), new Dictionary<string, double>(), new DecayJudging()).Judged);
    }

    [Fact]
    public void A_model_overrides_the_defaults_it_names_and_keeps_the_rest()
    {
        var options = new DecayOptions();
        options.Models["credit"] = new DecayJudging { MinLabels = 50, Margins = new() { ["auc"] = 0.01 } };

        var judging = options.For("credit");

        Assert.Equal(50, judging.MinimumLabels);
        Assert.Equal(DecayJudging.DefaultWindow, judging.WindowSize);
        Assert.Equal(0.01, judging.Margins["auc"]);
        Assert.Equal(0.05, judging.Margins["accuracy"]);
        Assert.Same(options.Defaults, options.For("other"));
    }

    [Theory]
    [InlineData("\"bad\"", "bad", true)]
    [InlineData("\"good\"", "bad", false)]
    [InlineData("true", null, true)]
    [InlineData("false", "false", true)]
    [InlineData("1", null, true)]
    [InlineData("0", null, false)]
    [InlineData("2", "2", true)]
    [InlineData("\"bad\"", null, null)]
    [InlineData("7", null, null)]
    public void Labels_are_read_against_the_versions_positive_class(string label, string? positiveClass, bool? positive)
    {
        Assert.Equal(positive, new PositiveClass(positiveClass).IsPositive(label));
    }
}
