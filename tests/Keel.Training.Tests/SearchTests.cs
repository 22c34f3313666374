using Keel.Training;

namespace Keel.Training.Tests;

public sealed class SearchTests
{
    [Fact]
    public async Task A_grid_of_four_runs_every_combination_and_keeps_the_best_auc()
    {
        var set = Synthetic.Binary(2000);
        var spec = Synthetic.Spec() with
        {
            Search = new SearchSpec
            {
                Strategy = SearchStrategy.Grid,
                Metric = TrainingMetrics.Auc,
                Space = new Dictionary<string, SearchDimension>
                {
                    ["num_leaves"] = SearchDimension.Of(2, 15),
                    ["number_of_iterations"] = SearchDimension.Of(3, 40),
                },
            },
        };
        var reported = new List<Trial>();

        var result = await HyperParameterSearch.RunAsync(set, spec, reported.Add);

        Assert.Equal(4, result.Trials.Count);
        Assert.Equal(result.Trials, reported);
        Assert.Equal([1, 2, 3, 4], result.Trials.Select(t => t.Number));
        var combinations = result.Trials.Select(t => (t.Candidate["num_iterations"].Number, t.Candidate["num_leaves"].Number)).ToArray();
        Assert.Equal([(3.0, 2.0), (3.0, 15.0), (40.0, 2.0), (40.0, 15.0)], combinations);
        Assert.Equal(result.Trials.Max(t => t.Metrics[TrainingMetrics.Auc]), result.Best.Metrics[TrainingMetrics.Auc]);
        Assert.Equal(result.Best.Metrics, result.BestModel.Metrics);
        Assert.True(result.HigherIsBetter);
        // The trials differ (the search did change the trainer), and each records a spec that rebuilds it.
        Assert.True(result.Trials.Select(t => t.Metrics[TrainingMetrics.Auc]).Distinct().Count() > 1);
        Assert.All(result.Trials, t =>
        {
            Assert.Null(t.Spec.Search);
            Assert.Equal(t.Candidate["num_leaves"], t.HyperParameters["num_leaves"]);
            Assert.Equal(t.Candidate["num_leaves"], t.Spec.HyperParameters["num_leaves"]);
        });
        var rebuilt = await ModelTrainer.TrainAsync(set, result.Best.Spec);
        Assert.Equal(result.Best.Metrics, rebuilt.Metrics);
    }

    [Fact]
    public async Task A_random_search_of_three_samples_the_space_with_the_seed_and_keeps_the_lowest_rmse()
    {
        var set = Synthetic.Regression(1500);
        var spec = Synthetic.Spec(ModelType.LightGbm, TrainingTask.Regression) with
        {
            Search = new SearchSpec
            {
                Strategy = SearchStrategy.Random,
                Trials = 3,
                Metric = TrainingMetrics.Rmse,
                Space = new Dictionary<string, SearchDimension>
                {
                    ["learning_rate"] = SearchDimension.Range(0.01, 0.3, log: true),
                    ["num_leaves"] = SearchDimension.Range(4, 32),
                    ["booster"] = SearchDimension.Of("gbdt", "goss"),
                },
            },
        };

        var result = await HyperParameterSearch.RunAsync(set, spec);

        Assert.Equal(3, result.Trials.Count);
        Assert.False(result.HigherIsBetter);
        Assert.Equal(result.Trials.Min(t => t.Metrics[TrainingMetrics.Rmse]), result.Best.Metrics[TrainingMetrics.Rmse]);
        Assert.All(result.Trials, t =>
        {
            Assert.InRange(t.Candidate["learning_rate"].Number!.Value, 0.01, 0.3);
            var leaves = t.Candidate["num_leaves"].Number!.Value;
            Assert.InRange(leaves, 4, 32);
            Assert.Equal(Math.Floor(leaves), leaves);
            Assert.Contains(t.Candidate["booster"].Text, new[] { "gbdt", "goss" });
        });
        // The same seed samples the same candidates; another seed samples others.
        Assert.Equal(SearchCandidates.For(spec), result.Trials.Select(t => t.Candidate), new CandidateComparer());
        Assert.NotEqual(SearchCandidates.For(spec), SearchCandidates.For(spec with { Seed = 1 }), new CandidateComparer());
    }

    [Fact]
    public void A_grid_is_capped_by_trials()
    {
        var spec = Synthetic.Spec() with
        {
            Search = new SearchSpec
            {
                Trials = 2,
                Metric = TrainingMetrics.F1,
                Space = new Dictionary<string, SearchDimension> { ["num_leaves"] = SearchDimension.Of(4, 8, 16) },
            },
        };

        Assert.Equal([4.0, 8.0], SearchCandidates.For(spec).Select(c => c["num_leaves"].Number!.Value));
    }

    [Fact]
    public async Task A_spec_without_a_search_section_is_refused() =>
        await Assert.ThrowsAsync<ArgumentException>(() => HyperParameterSearch.RunAsync(Synthetic.Binary(100), Synthetic.Spec()));

    private sealed class CandidateComparer : IEqualityComparer<IReadOnlyDictionary<string, HyperParameterValue>>
    {
        public bool Equals(IReadOnlyDictionary<string, HyperParameterValue>? x, IReadOnlyDictionary<string, HyperParameterValue>? y) =>
            x!.Count == y!.Count && x.All(p => y.TryGetValue(p.Key, out var v) && v == p.Value);

        public int GetHashCode(IReadOnlyDictionary<string, HyperParameterValue> obj) => obj.Count;
    }
}
