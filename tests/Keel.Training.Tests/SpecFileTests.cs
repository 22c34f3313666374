using Keel.Training;

namespace Keel.Training.Tests;

public sealed class SpecFileTests
{
    private const string Yaml = """
        # The credit model, trained weekly.
        name: credit_risk
        experiment: credit_risk_weekly
        purpose: Rank applicants by the risk of default.
        owner: risk-team@example.com
        intended_use: Pre-screening of consumer credit applications.
        limitations: Not validated for business loans.
        feature_service: credit_model
        label_view: credit_labels
        label: Status
        task: binary
        positive_class: bad
        model_type: lightgbm
        hyper_parameters:
          num_leaves: 31
          learning_rate: 0.05
          number_of_iterations: 200
          booster: goss
        seed: 7
        holdout_fraction: 0.25
        protected_attributes: [Age, Marital]
        gates:
          performance:
            min_auc: 0.75
            max_regression: 0.01
          bias:
            metric: demographic_parity
            buckets: {Age: [25, 40, 60]}
          latency:
        search:
          strategy: random
          trials: 3
          metric: auc
          space:
            num_leaves: [15, 31, 63]
            learning_rate: {min: 0.01, max: 0.3, log: true}
        tags:
          team: risk
          cost_centre: 4711
        """;

    [Fact]
    public void A_yaml_spec_reads_every_field()
    {
        var spec = TrainingSpecFile.Parse(Yaml, "credit.yaml");

        Assert.Equal("credit_risk", spec.Name);
        Assert.Equal("credit_risk_weekly", spec.Experiment);
        Assert.Equal("Rank applicants by the risk of default.", spec.Description);
        Assert.Equal("risk-team@example.com", spec.Owner);
        Assert.Equal("Pre-screening of consumer credit applications.", spec.IntendedUse);
        Assert.Equal("Not validated for business loans.", spec.Limitations);
        Assert.Equal("credit_model", spec.FeatureService);
        Assert.Equal("credit_labels", spec.LabelView);
        Assert.Equal("Status", spec.Label);
        Assert.Equal(TrainingTask.Binary, spec.Task);
        Assert.Equal("bad", spec.PositiveClass);
        Assert.Equal(ModelType.LightGbm, spec.ModelType);
        Assert.Equal(31.0, spec.HyperParameters["num_leaves"].Number);
        Assert.Equal(0.05, spec.HyperParameters["learning_rate"].Number);
        // The alias is stored under the canonical name.
        Assert.Equal(200.0, spec.HyperParameters["num_iterations"].Number);
        Assert.Equal("goss", spec.HyperParameters["booster"].Text);
        Assert.Equal(7, spec.Seed);
        Assert.Equal(0.25, spec.HoldoutFraction);
        Assert.Equal(["Age", "Marital"], spec.ProtectedAttributes);
        Assert.Equal(0.75, spec.Gates["performance"]["min_auc"]);
        Assert.Equal("demographic_parity", spec.Gates["bias"]["metric"]);
        var buckets = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(spec.Gates["bias"]["buckets"]);
        Assert.Equal([25.0, 40.0, 60.0], Assert.IsAssignableFrom<IEnumerable<object?>>(buckets["Age"]).Cast<double>());
        Assert.Empty(spec.Gates["latency"]);
        var search = Assert.IsType<SearchSpec>(spec.Search);
        Assert.Equal(SearchStrategy.Random, search.Strategy);
        Assert.Equal(3, search.Trials);
        Assert.Equal("auc", search.Metric);
        Assert.Equal([15.0, 31.0, 63.0], search.Space["num_leaves"].Values!.Select(v => v.Number!.Value));
        Assert.Equal(new SearchDimension { Min = 0.01, Max = 0.3, Log = true }, search.Space["learning_rate"]);
        Assert.Equal("risk", spec.Tags["team"]);
        Assert.Equal("4711", spec.Tags["cost_centre"]);
    }

    [Fact]
    public void Defaults_fill_what_a_minimal_spec_leaves_out()
    {
        var spec = TrainingSpecFile.Parse("""
            name: churn
            feature_service: churn_model
            label: churned
            """);

        Assert.Equal("churn", spec.Experiment);
        Assert.Equal(TrainingTask.Binary, spec.Task);
        Assert.Equal(ModelType.LightGbm, spec.ModelType);
        Assert.Equal(42, spec.Seed);
        Assert.Equal(0.2, spec.HoldoutFraction);
        Assert.Empty(spec.HyperParameters);
        Assert.Empty(spec.Gates);
        Assert.Null(spec.Search);
    }

    [Fact]
    public void Json_reads_the_same_as_yaml_and_the_canonical_json_reads_back_to_the_same_hash()
    {
        var fromYaml = TrainingSpecFile.Parse(Yaml, "credit.yaml");
        var json = TrainingSpecFile.ToJson(fromYaml);

        var fromJson = TrainingSpecFile.Parse(json, "credit.json");

        Assert.Equal(fromYaml.Hash, fromJson.Hash);
        Assert.Equal(64, fromYaml.Hash.Length);
        Assert.Equal(json, TrainingSpecFile.ToJson(fromJson));
        Assert.Equal(0.75, fromJson.Gates["performance"]["min_auc"]);
    }

    [Fact]
    public void Json_without_an_extension_is_recognised_by_its_content()
    {
        var spec = TrainingSpecFile.Parse("""{"name": "churn", "feature_service": "churn_model", "label": "churned", "model_type": "sdca", "task": "regression"}""", "request body");

        Assert.Equal(ModelType.Sdca, spec.ModelType);
        Assert.Equal(TrainingTask.Regression, spec.Task);
    }

    [Fact]
    public void Aliases_and_key_order_do_not_change_the_hash()
    {
        var a = TrainingSpecFile.Parse("""
            name: churn
            feature_service: churn_model
            label: churned
            hyper_parameters: {num_iterations: 50, num_leaves: 7}
            """);
        var b = TrainingSpecFile.Parse("""
            label: churned
            hyper_parameters: {number_of_leaves: 7, number_of_iterations: 50}
            feature_service: churn_model
            name: churn
            seed: 42
            """);
        var c = TrainingSpecFile.Parse("""
            name: churn
            feature_service: churn_model
            label: churned
            hyper_parameters: {num_iterations: 51, num_leaves: 7}
            """);

        Assert.Equal(a.Hash, b.Hash);
        Assert.NotEqual(a.Hash, c.Hash);
    }

    [Fact]
    public void An_unknown_key_is_an_error_naming_it_and_its_line()
    {
        var error = Assert.Throws<TrainingSpecException>(() => TrainingSpecFile.Parse("""
            name: churn
            feature_service: churn_model
            label: churned
            modle_type: fasttree
            """, "churn.yaml"));

        Assert.Equal("modle_type", error.Field);
        Assert.Equal(4, error.Line);
        Assert.Contains("churn.yaml", error.Message);
        Assert.Contains("unknown key", error.Message);
        Assert.Contains("model_type", error.Message);
    }

    [Fact]
    public void An_unknown_key_inside_a_section_is_an_error_too()
    {
        var error = Assert.Throws<TrainingSpecException>(() => TrainingSpecFile.Parse("""
            {"name": "churn", "feature_service": "churn_model", "label": "churned",
             "search": {"strategy": "grid", "metrc": "auc", "space": {"num_leaves": [7, 15]}}}
            """, "churn.json"));

        Assert.Equal("search.metrc", error.Field);
    }

    [Fact]
    public void A_bad_model_type_is_an_error_naming_the_field()
    {
        var error = Assert.Throws<TrainingSpecException>(() => TrainingSpecFile.Parse("""
            name: churn
            feature_service: churn_model
            label: churned
            model_type: xgboost
            """, "churn.yaml"));

        Assert.Equal("model_type", error.Field);
        Assert.Equal(4, error.Line);
        Assert.Contains("'xgboost'", error.Message);
        Assert.Contains("lightgbm, fasttree or sdca", error.Message);
    }

    [Theory]
    [InlineData("hyper_parameters: {num_leafs: 31}", "hyper_parameters.num_leafs", "not a lightgbm hyper-parameter")]
    [InlineData("hyper_parameters: {num_leaves: 1}", "hyper_parameters.num_leaves", "out of range")]
    [InlineData("hyper_parameters: {num_leaves: 7.5}", "hyper_parameters.num_leaves", "whole number")]
    [InlineData("hyper_parameters: {booster: rf}", "hyper_parameters.booster", "not one of gbdt, dart, goss")]
    [InlineData("hyper_parameters: {num_iterations: 10, number_of_iterations: 20}", "hyper_parameters.number_of_iterations", "already given")]
    [InlineData("hyper_parameters: {l2_regularization: [1, 2]}", "hyper_parameters.l2_regularization", "a number or a word")]
    [InlineData("holdout_fraction: 1.5", "holdout_fraction", "strictly between 0 and 1")]
    [InlineData("holdout_fraction: 0", "holdout_fraction", "strictly between 0 and 1")]
    [InlineData("seed: forty-two", "seed", "whole number")]
    [InlineData("task: multiclass", "task", "binary or regression")]
    [InlineData("task: regression\npositive_class: bad", "positive_class", "binary models only")]
    [InlineData("protected_attributes: [Age, Age]", "protected_attributes[1]", "listed twice")]
    [InlineData("gates: {performance: 0.8}", "gates.performance", "as a map")]
    [InlineData("search: {strategy: grid, space: {learning_rate: {min: 0.01, max: 0.3}}}", "search.space.learning_rate", "needs a list of values")]
    [InlineData("search: {strategy: random, metric: rmse, space: {num_leaves: [7]}}", "search.metric", "not a binary metric")]
    [InlineData("search: {strategy: random, space: {learning_rate: {min: 0, max: 0.3, log: true}}}", "search.space.learning_rate", "")]
    [InlineData("search: {strategy: annealing, space: {num_leaves: [7]}}", "search.strategy", "grid or random")]
    [InlineData("search: {space: {}}", "search.space", "is empty")]
    [InlineData("search: {trials: 0, space: {num_leaves: [7]}}", "search.trials", "1 or more")]
    public void Rule_breaking_values_are_errors_naming_the_field(string extra, string field, string problem)
    {
        var error = Assert.Throws<TrainingSpecException>(() => TrainingSpecFile.Parse($"""
            name: churn
            feature_service: churn_model
            label: churned
            {extra}
            """, "churn.yaml"));

        Assert.StartsWith(field, error.Field);
        Assert.Contains(problem, error.Message);
        Assert.NotNull(error.Line);
    }

    [Theory]
    [InlineData("feature_service: churn_model\nlabel: churned", "name", "is required")]
    [InlineData("name: churn model\nfeature_service: churn_model\nlabel: churned", "name", "not a valid name")]
    [InlineData("name: churn\nlabel: churned", "feature_service", "is required")]
    [InlineData("name: churn\nfeature_service: churn_model\nlabel: churned\nname: again", "", "not valid YAML")]
    [InlineData("- name: churn", "", "expected a map")]
    public void Missing_and_malformed_documents_are_errors(string text, string field, string problem)
    {
        var error = Assert.Throws<TrainingSpecException>(() => TrainingSpecFile.Parse(text, "churn.yaml"));

        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Load_reads_a_file_by_its_extension_and_names_the_path_in_errors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"keel-spec-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, """{"name": "churn", "feature_service": "churn_model", "label": "churned"}""");
            Assert.Equal("churn", TrainingSpecFile.Load(path).Name);

            File.WriteAllText(path, """{"name": "churn", """);
            var error = Assert.Throws<TrainingSpecException>(() => TrainingSpecFile.Load(path));
            Assert.Contains(path, error.Message);
            Assert.Contains("not valid JSON", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Throws<TrainingSpecException>(() => TrainingSpecFile.Load(path));
    }

    [Fact]
    public void A_spec_built_in_code_is_checked_by_the_same_rules()
    {
        var spec = Synthetic.Spec() with { HyperParameters = new Dictionary<string, HyperParameterValue> { ["num_leafs"] = 3 } };

        var problem = Assert.Single(TrainingSpecValidator.Problems(spec));
        Assert.Equal("hyper_parameters.num_leafs", problem.Field);
        Assert.Throws<TrainingSpecException>(() => TrainingSpecValidator.Validate(spec));
    }
}
