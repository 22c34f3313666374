using Keel.Training;

namespace Keel.Serving.Tests;

/// <summary>
/// A row's score is a property of the row and the model version, not of the requests it happened to
/// be batched with: a prediction replayed alone (an audit, an explanation) must give the same bits.
/// </summary>
public sealed class BatchIndependenceTests
{
    [Fact]
    public async Task A_rows_score_is_the_same_alone_in_a_large_batch_and_in_process()
    {
        var trained = await Loans.ManyTrees;
        await using var server = await ServingServer.StartAsync();
        var version = await server.RegisterAsync(trained);
        await server.Host.LoadAsync("default", Loans.Model, version, makeCurrent: false, CancellationToken.None);
        var set = Loans.Set(200, seed: 31);
        var rows = Enumerable.Range(0, 200).Select(r => (IReadOnlyDictionary<string, object?>)Loans.Row(set, r)).ToArray();
        var asOf = Loans.Start.AddDays(400);

        // 200 rows in one run: ONNX Runtime spreads rows, not trees, over its threads.
        var together = await server.Host.ScoreAsync("default", Loans.Model, version, rows, asOf, CancellationToken.None);
        // One row a run, one after the other so that the batcher cannot join them: trees would be spread over threads.
        var alone = new List<float>();
        foreach (var row in rows.Take(40))
        {
            alone.Add((await server.Host.ScoreAsync("default", Loans.Model, version, [row], asOf, CancellationToken.None)).Scores.Single());
        }
        using var scorer = new OnnxScorer(trained.OnnxBytes);

        Assert.Equal(together.Scores.Take(40), alone);
        Assert.Equal(scorer.Score(rows, asOf), together.Scores);
        Assert.Equal(scorer.Score(rows.Take(40).ToArray(), asOf), alone);
    }
}
