using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Events;
using Keel.Prediction;
using Keel.Serving.Deployments;

namespace Keel.Cli.Tests;

/// <summary>
/// <c>POST /api/predict/{model}</c> against <c>keel up</c>'s platform: features from the online store
/// or a raw record through the same transformations, explanations, errors, the prediction log, and
/// routing by deployment plan (sticky A/B, shadows).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PredictionApiTests(ServedModelFixture served) : IClassFixture<ServedModelFixture>
{
    // Row 1 of data/credit_data.csv, without its label: entity "1" in the online store.
    private static readonly JsonNode Row1 = JsonNode.Parse("""
        {"Seniority": 9, "Home": "rent", "Time": 60, "Age": 30, "Marital": "married", "Records": "no", "Job": "freelance",
         "Expenses": 73, "Income": 129, "Assets": 0, "Debt": 0, "Amount": 800, "Price": 846}
        """)!;

    [Fact]
    public async Task An_entity_is_scored_from_its_online_features_exactly_as_its_raw_record_is()
    {
        var byEntity = await served.PredictOkAsync(new { entity = "1" });
        var byRecord = await served.PredictOkAsync(new { record = Row1 });

        Assert.Equal(2, (int)byEntity["version"]!);
        Assert.Equal(PredictionService.DefaultVariant, (string?)byEntity["variant"]);
        var score = (double)byEntity["score"]!;
        Assert.InRange(score, 0, 1);
        Assert.Equal(score, (double)byRecord["score"]!);
        Assert.Equal(score >= 0.5 ? "bad" : "good", (string?)byEntity["label"]);
        Assert.Equal("bad", (string?)byEntity["positiveClass"]);
        // The ratios are computed by the view's transformations on both paths.
        Assert.Equal(800.0 / 846, (double)byEntity["features"]!["loan_to_price"]!, 12);
        Assert.Equal((double)byEntity["features"]!["loan_to_price"]!, (double)byRecord["features"]!["loan_to_price"]!);
        Assert.NotNull(byEntity["featureViews"]!["credit_features"]);
        Assert.NotEqual((string?)byEntity["predictionId"], (string?)byRecord["predictionId"]);
    }

    [Fact]
    public async Task Explain_returns_a_tree_shap_contribution_for_every_feature()
    {
        var explained = await served.PredictOkAsync(new { entity = "2" }, "?explain=true");
        var explanation = explained["explanation"]!;
        Assert.Equal("tree_shap", (string?)explanation["method"]);
        var contributions = explanation["contributions"]!.AsArray();
        var features = contributions.Select(c => (string)c!["feature"]!).ToArray();
        Assert.Contains("Income", features);
        Assert.Contains("debt_to_income", features);
        Assert.Contains(contributions, c => Math.Abs((double)c!["contribution"]!) > 1e-6);
        // The raw score the contributions add up to becomes the probability through the model's
        // calibration, which is monotone: a positive total pushes the score above the average one.
        Assert.True(double.IsFinite((double)explanation["expectedValue"]!));

        var plain = await served.PredictOkAsync(new { entity = "2" });
        Assert.Null(plain["explanation"]);
        Assert.Equal((double)plain["score"]!, (double)explained["score"]!);
    }

    [Fact]
    public async Task Keel_predict_prints_the_score_and_the_contributions_largest_first()
    {
        var (exit, output, error) = await served.Platform.KeelAsync("alice", "predict", ServedModelFixture.Model, "--entity", "5", "--explain");
        Assert.True(exit == 0, error + output);
        Assert.Contains($"{ServedModelFixture.Model} v2 (default): score", output);
        Assert.Contains("tree_shap: expected value", output);

        var (badExit, badOutput, badError) = await served.Platform.KeelAsync("alice", "predict", ServedModelFixture.Model, "--entity", "no-such-entity");
        Assert.NotEqual(0, badExit);
        Assert.Contains("no features", badOutput + badError);
    }

    [Theory]
    [InlineData("{\"entity\": \"no-such-entity\"}", HttpStatusCode.NotFound, "no features")]
    [InlineData("{}", HttpStatusCode.BadRequest, "either 'entity'")]
    [InlineData("{\"entity\": \"1\", \"record\": {\"Age\": 30}}", HttpStatusCode.BadRequest, "not both")]
    [InlineData("{\"record\": {\"Age\": \"old\", \"Seniority\": 1}}", HttpStatusCode.BadRequest, "record/Age")]
    [InlineData("{\"entity\": \"1\", \"version\": 99}", HttpStatusCode.NotFound, "99")]
    [InlineData("{\"entity\": ", HttpStatusCode.BadRequest, "not a valid prediction request")]
    public async Task Requests_that_cannot_be_predicted_get_a_problem_saying_why(string body, HttpStatusCode status, string detail)
    {
        using var response = await served.Http.PostAsync($"/api/predict/{ServedModelFixture.Model}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(detail, (string?)problem["detail"]);
    }

    [Fact]
    public async Task An_unknown_model_is_404()
    {
        using var response = await served.PredictAsync(new { entity = "1" }, "no_such_model");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Every_prediction_is_logged_with_its_features_view_versions_and_variant()
    {
        var prediction = await served.PredictOkAsync(new { entity = "3" }, "?explain=true");
        var id = (string)prediction["predictionId"]!;

        var events = served.ReadPredictions(all => all.Any(e => e.Id == id), TimeSpan.FromSeconds(60));
        var logged = Assert.Single(events, e => e.Id == id);
        Assert.Equal(KeelEventTypes.PredictionLogged, logged.Type);
        Assert.Equal("default", logged.GetTenant());
        var data = (JsonElement)logged.Data!;
        Assert.Equal(ServedModelFixture.Model, data.GetProperty("model").GetString());
        Assert.Equal(2, data.GetProperty("version").GetInt32());
        Assert.Equal("3", data.GetProperty("entity").GetString());
        Assert.Equal(PredictionService.DefaultVariant, data.GetProperty("variant").GetString());
        Assert.Equal((double)prediction["score"]!, data.GetProperty("output").GetProperty("score").GetDouble());
        Assert.Equal((string?)prediction["featureViews"]!["credit_features"], data.GetProperty("feature_views").GetProperty("credit_features").GetString());
        Assert.Equal("tree_shap", data.GetProperty("explanation").GetProperty("method").GetString());
        Assert.False(data.GetProperty("shadow").GetBoolean());
    }

    [Fact]
    public async Task The_governance_answer_names_the_version_its_gates_requester_approver_and_data_and_explains_the_prediction()
    {
        var prediction = await served.PredictOkAsync(new { entity = "5" });
        var id = (string)prediction["predictionId"]!;

        // The index is fed from keel.predictions, a moment after the answer.
        JsonNode? answer = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (answer is null)
        {
            using var response = await served.Http.GetAsync($"/api/predictions/{id}/governance");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                answer = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            }
            else
            {
                Assert.True(DateTime.UtcNow < deadline, $"prediction {id} was not indexed: {(int)response.StatusCode}");
                await Task.Delay(100);
            }
        }

        var registered = await served.Http.GetFromJsonAsync<JsonNode>($"/api/models/{ServedModelFixture.Model}/versions/2");
        Assert.Equal(2, (int)answer!["prediction"]!["version"]!);
        Assert.Equal((double)prediction["score"]!, (double)answer["prediction"]!["score"]!);
        Assert.Equal((string?)registered!["version"]!["lineage"]!["datasetSnapshotHash"], (string?)answer["version"]!["trainingDataHash"]);
        Assert.Equal("alice", (string?)answer["approval"]!["requestedBy"]);
        Assert.Equal("bob", (string?)answer["approval"]!["approvedBy"]);
        Assert.Equal("pass", (string?)answer["gates"]!["verdict"]);
        Assert.Contains(answer["gates"]!["gates"]!.AsArray(), g => (string?)g!["gate"] == "performance");
        var explanation = answer["explanation"]!;
        var sum = (double)explanation["expectedValue"]! + explanation["contributions"]!.AsArray().Sum(c => (double)c!["contribution"]!);
        Assert.True(Math.Abs(sum - (double)explanation["rawScore"]!) < 1e-5, $"contributions add up to {sum}, raw score {explanation["rawScore"]}");

        var page = await served.Http.GetStringAsync($"/api/predictions/{id}/governance?format=html");
        Assert.Contains("<html", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("bob", page);
        var cli = await served.Platform.KeelAsync("carol", "governance", "prediction", id, "--json");
        Assert.True(cli.ExitCode == 0, cli.Output + cli.Error);
        Assert.Equal("alice", (string?)JsonNode.Parse(cli.Output)!["approval"]!["requestedBy"]);
    }

    [Fact]
    public async Task A_sticky_plan_keeps_each_entity_on_one_variant_and_answers_with_that_variants_version()
    {
        var store = served.Service<IDeploymentPlanStore>();
        store.Save(new DeploymentPlan("default", ServedModelFixture.Model, RoutingMode.Sticky,
        [
            new DeploymentVariant("a", 1, 50, VariantRole.Stable),
            new DeploymentVariant("b", 2, 50, VariantRole.Challenger),
        ]));
        try
        {
            var seen = new Dictionary<string, (string Variant, int Version)>();
            for (var round = 0; round < 2; round++)
            {
                for (var entity = 1; entity <= 30; entity++)
                {
                    var answer = await served.PredictOkAsync(new { entity = entity.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                    var got = ((string)answer["variant"]!, (int)answer["version"]!);
                    Assert.Equal(got.Item1 == "a" ? 1 : 2, got.Item2);
                    if (round == 0)
                    {
                        seen[entity.ToString(System.Globalization.CultureInfo.InvariantCulture)] = got;
                    }
                    else
                    {
                        Assert.Equal(seen[entity.ToString(System.Globalization.CultureInfo.InvariantCulture)], got);
                    }
                }
            }
            Assert.Equal(2, seen.Values.Select(v => v.Variant).Distinct().Count());
        }
        finally
        {
            store.Remove("default", ServedModelFixture.Model);
        }
    }

    [Fact]
    public async Task A_shadow_is_scored_and_logged_but_never_answers_and_a_failing_shadow_changes_nothing()
    {
        var baseline = await served.PredictOkAsync(new { entity = "4" });
        var store = served.Service<IDeploymentPlanStore>();
        var shadows = served.Service<ShadowPredictions>();
        store.Save(new DeploymentPlan("default", ServedModelFixture.Model, RoutingMode.Weighted,
        [
            new DeploymentVariant("stable", 2, 100, VariantRole.Stable),
            new DeploymentVariant("shadow", 1, 100, VariantRole.Shadow),
            // A version that does not exist: every call to this shadow fails.
            new DeploymentVariant("broken", 77, 100, VariantRole.Shadow),
        ]));
        try
        {
            var before = shadows.Statistics;
            var ids = new List<string>();
            for (var i = 0; i < 5; i++)
            {
                var answer = await served.PredictOkAsync(new { entity = "4" });
                Assert.Equal("stable", (string?)answer["variant"]);
                Assert.Equal(2, (int)answer["version"]!);
                Assert.Equal((double)baseline["score"]!, (double)answer["score"]!);
                ids.Add((string)answer["predictionId"]!);
            }

            var events = served.ReadPredictions(all => ids.All(id => all.Any(e => e.Id == id + ".shadow")), TimeSpan.FromSeconds(60));
            foreach (var id in ids)
            {
                var copy = Assert.Single(events, e => e.Id == id + ".shadow");
                var data = (JsonElement)copy.Data!;
                Assert.True(data.GetProperty("shadow").GetBoolean());
                Assert.Equal(1, data.GetProperty("version").GetInt32());
                Assert.DoesNotContain(events, e => e.Id == id + ".broken");
            }
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (shadows.Statistics.Failed - before.Failed < 5 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            Assert.True(shadows.Statistics.Failed - before.Failed >= 5, $"{shadows.Statistics}");
        }
        finally
        {
            store.Remove("default", ServedModelFixture.Model);
        }
    }
}
