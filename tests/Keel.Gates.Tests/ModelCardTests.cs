using Keel.Features.Definitions;
using Keel.ModelCards;

namespace Keel.Gates.Tests;

public class ModelCardTests
{
    private static readonly TrainingLineage Lineage = new()
    {
        DatasetHash = "9f2c4e0d",
        Rows = 3563,
        From = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        To = new DateTimeOffset(2026, 6, 30, 0, 0, 0, TimeSpan.Zero),
        FeatureService = "credit_model",
        ViewVersions = new Dictionary<string, string> { ["credit_features"] = "a1b2c3", ["credit_labels"] = "d4e5f6" },
        SpecHash = "77aa01",
        Seed = 42,
        CodeVersion = "0.1.0",
        ParentRun = "run-0041",
    };

    private static async Task<ModelCard> CardAsync() =>
        new ModelCardBuilder("credit_model", "7")
            .Describe(new ModelDescription(
                "Estimates the probability that a credit applicant defaults.",
                "risk-models@bank.example",
                "Ranking applications for manual review.\n\nNot for automated rejection.",
                ["Trained on applicants of one lender; other populations may differ."]))
            .WithLineage(Lineage)
            .WithFeatures([new CardFeature("Income", FeatureType.Int64, "monthly income"), new CardFeature("<script>", FeatureType.Double, null)])
            .WithGateReport(await ReportTests.BiasedReportAsync(), storedAsSha256: "c0ffee")
            .WithRegistration(new ModelRegistration("None", "alice", new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero)))
            .Build();

    [Fact]
    public async Task The_card_takes_fairness_gate_outcomes_and_metrics_from_the_gate_report()
    {
        var card = await CardAsync();

        Assert.Equal(GateVerdict.Fail, card.GateVerdict);
        Assert.Equal(["performance", "bias", "schema", "onnx_parity", "latency"], card.Gates.Select(g => g.Gate));
        Assert.Equal(["Age", "Marital", "<b>Region</b>"], card.Fairness.Select(f => f.Attribute));
        Assert.StartsWith("Age: disparate impact", card.FairnessSummary);
        Assert.True(card.Metrics["auc"] > 0.7);
        Assert.NotNull(card.ChampionMetrics);
        Assert.Equal("Trained on applicants of one lender; other populations may differ.", card.Limitations[0]);
    }

    [Fact]
    public async Task Json_has_every_section_and_round_trips()
    {
        var card = await CardAsync();

        var json = card.ToJson();

        foreach (var section in new[] { "purpose", "owner", "intendedUse", "lineage", "features", "metrics", "fairness", "fairnessSummary", "gates", "limitations", "createdBy", "stage" })
        {
            Assert.Contains($"\"{section}\":", json);
        }
        Assert.Contains("\"datasetHash\": \"9f2c4e0d\"", json);
        Assert.Contains("\"credit_features\": \"a1b2c3\"", json);
        Assert.Equal(json, ModelCard.FromJson(json).ToJson());
    }

    [Fact]
    public async Task Html_has_every_section_the_fairness_chart_and_escapes_names()
    {
        var card = await CardAsync();

        var html = ModelCardHtml.Render(card);

        foreach (var id in new[] { "purpose", "intended-use", "lineage", "features", "metrics", "fairness", "gates", "limitations" })
        {
            Assert.Contains($"<h2 id=\"{id}\">", html);
        }
        Assert.Contains("risk-models@bank.example", html);
        Assert.Contains("<p>Not for automated rejection.</p>", html);
        Assert.Contains("run-0041", html);
        Assert.Contains("class=\"chart bars\"", html);
        Assert.Contains("Age: selection rate", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("not approved yet", html);
        Assert.Contains("sha256 c0ffee", html);
    }

    [Fact]
    public async Task Limitations_the_report_shows_are_added_to_the_owner_s()
    {
        var report = await ReportTests.BiasedReportAsync();
        var bias = report.Result("bias")!;
        var tiny = bias.Fairness![1] with
        {
            Groups = [.. bias.Fairness[1].Groups, new Bias.GroupRates { Group = "separated", Rows = 4, FavourableRows = 3, SelectionRate = 0.5, Included = false, IncludedInEqualOpportunity = false }],
        };
        var skipped = report with { Results = [.. report.Results.Select(r => r.Gate == "bias" ? r with { Fairness = [bias.Fairness[0], tiny] } : r), GateResult.Skipped("drift", "no reference window")] };

        var card = new ModelCardBuilder("credit_model", "7")
            .Describe(new ModelDescription("p", "o", "u", []))
            .WithLineage(Lineage)
            .WithFeatures([new CardFeature("Income", FeatureType.Int64, null)])
            .WithGateReport(skipped)
            .WithRegistration(new ModelRegistration("Staging", "alice", DateTimeOffset.UnixEpoch, "bob", DateTimeOffset.UnixEpoch))
            .Build();

        Assert.Contains("Fairness by Marital was not assessed for 'separated' (4 rows): too few holdout rows to judge.", card.Limitations);
        Assert.Contains("The drift gate did not run: no reference window.", card.Limitations);
    }

    [Fact]
    public void Building_without_the_required_parts_names_them()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new ModelCardBuilder("credit_model", "7").Describe(new ModelDescription("p", " ", "u", [])).Build());

        Assert.Equal("model card of credit_model 7: missing owner, training data lineage, features, gate report, registration (stage, created by)", error.Message);
    }

    [Fact]
    public void Features_come_from_the_feature_service_and_its_views()
    {
        var view = new FeatureViewDefinition
        {
            Name = "credit_features",
            Entity = "credit",
            Source = "credit",
            Features =
            [
                new FeatureDefinition { Name = "Income", Type = FeatureType.Int64, Description = "monthly income" },
                new FeatureDefinition { Name = "Home", Type = FeatureType.String },
            ],
        };
        var service = new FeatureServiceDefinition { Name = "credit_model", Features = [new FeatureReference("credit_features", [])] };

        var features = ModelCardBuilder.FeaturesOf(service, [view]);

        Assert.Equal([new CardFeature("Income", FeatureType.Int64, "monthly income"), new CardFeature("Home", FeatureType.String, null)], features);
    }
}
