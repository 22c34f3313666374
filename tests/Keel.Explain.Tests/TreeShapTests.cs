using Keel.Features.Definitions;
using Keel.Features.Offline;
using Keel.Training;

namespace Keel.Explain.Tests;

/// <summary>TreeSHAP against Shapley values computed by definition, on random trees and on small trained models.</summary>
public sealed class TreeShapTests
{
    [Theory]
    [InlineData(1, 4, 3, 6)]
    [InlineData(2, 5, 4, 12)]
    [InlineData(3, 6, 2, 20)]
    [InlineData(4, 3, 5, 15)]
    [InlineData(5, 8, 3, 16)]
    public void Equals_brute_force_Shapley_values_on_random_trees(int seed, int slots, int trees, int leaves)
    {
        // Few background rows for many leaves: some nodes are reached by no background row.
        var (flat, _) = RandomTrees.Make(seed, slots, trees, leaves, backgroundRows: 7);
        var shap = new TreeShap(flat);
        var leafShap = LeafShap.Prepare(flat)!;
        var untabledShap = LeafShap.Prepare(flat, tableSlots: 0)!;
        // A budget of a few values tabulates some leaves and computes the rest.
        var cappedShap = LeafShap.Prepare(flat, tableBudget: 20)!;
        Assert.InRange(cappedShap.TableSize.Doubles, 1, 20);
        // Tables of H and Z for every tabulated leaf, however short its path.
        var patternShap = LeafShap.Prepare(flat, valueSlots: 0)!;
        var random = new Random(seed + 100);
        const int Rows = 25;
        var block = new float[Rows * slots];
        var exacts = new double[Rows][];
        for (var r = 0; r < Rows; r++)
        {
            var x = RandomTrees.Row(random, slots);
            x.CopyTo(block, r * slots);
            var phi = new double[slots];
            shap.Explain(x, phi);

            var exact = exacts[r] = BruteForce.Shapley(flat, x);
            var leafWise = new double[slots];
            leafShap.Explain(x, leafWise);
            var untabled = new double[slots];
            untabledShap.Explain(x, untabled);
            var capped = new double[slots];
            cappedShap.Explain(x, capped);
            var patterns = new double[slots];
            patternShap.Explain(x, patterns);
            for (var s = 0; s < slots; s++)
            {
                Assert.True(Math.Abs(phi[s] - exact[s]) < 1e-9, $"row {r} slot {s}: TreeSHAP {phi[s]}, brute force {exact[s]}");
                Assert.True(Math.Abs(leafWise[s] - exact[s]) < 1e-9, $"row {r} slot {s}: leaf-wise {leafWise[s]}, brute force {exact[s]}");
                Assert.True(Math.Abs(untabled[s] - exact[s]) < 1e-9, $"row {r} slot {s}: leaf-wise untabled {untabled[s]}, brute force {exact[s]}");
                Assert.True(Math.Abs(capped[s] - exact[s]) < 1e-9, $"row {r} slot {s}: leaf-wise capped {capped[s]}, brute force {exact[s]}");
                Assert.True(Math.Abs(patterns[s] - exact[s]) < 1e-9, $"row {r} slot {s}: leaf-wise by patterns {patterns[s]}, brute force {exact[s]}");
            }
            Assert.True(Math.Abs(phi.Sum() + flat.ExpectedValue - flat.RawScore(x)) < 1e-9);
        }

        // All rows in one call, tree by tree over the block, give each row's values.
        var together = new double[Rows * slots];
        leafShap.Explain(block, together, Rows);
        for (var r = 0; r < Rows; r++)
        {
            for (var s = 0; s < slots; s++)
            {
                Assert.True(Math.Abs(together[(r * slots) + s] - exacts[r][s]) < 1e-9, $"row {r} slot {s} in a block: {together[(r * slots) + s]}, brute force {exacts[r][s]}");
            }
        }
        Assert.True(Math.Abs(BruteForce.Expected(flat) - flat.ExpectedValue) < 1e-12);
    }

    [Fact]
    public void A_single_split_gives_the_whole_difference_to_its_slot()
    {
        // One tree: slot 1 ≤ 2.5 → 10 else 20; three of four background rows go left.
        var flat = FlatTrees.Create([0], [1, -1, -1], [2.5f, 0, 0], [1, -1, -1], [2, -1, -1], [0, 10, 20], bias: 1, slotCount: 2);
        flat.SetCovers([0, 1, 0, 2, 0, 2, 0, 4], rows: 4);
        var phi = new double[2];

        new TreeShap(flat).Explain([0, 4], phi);

        Assert.Equal(1 + 12.5, flat.ExpectedValue, 12);
        Assert.Equal(0, phi[0], 12);
        Assert.Equal(20 - 12.5, phi[1], 12);
    }

    [Fact]
    public void The_portable_bit_extract_packs_the_masked_bits_in_order()
    {
        Assert.Equal(0b11UL, LeafShap.ExtractPortable(0b1_0010_0100, 0b1_0000_0110_0100));
        Assert.Equal(0UL, LeafShap.ExtractPortable(ulong.MaxValue, 0));
        Assert.Equal(ulong.MaxValue, LeafShap.ExtractPortable(ulong.MaxValue, ulong.MaxValue));
        if (System.Runtime.Intrinsics.X86.Bmi2.X64.IsSupported)
        {
            var random = new Random(3);
            for (var i = 0; i < 1000; i++)
            {
                var value = (ulong)random.NextInt64();
                var mask = (ulong)random.NextInt64();
                Assert.Equal(System.Runtime.Intrinsics.X86.Bmi2.X64.ParallelBitExtract(value, mask), LeafShap.ExtractPortable(value, mask));
            }
        }
    }

    [Theory]
    [InlineData(ModelType.LightGbm)]
    [InlineData(ModelType.FastTree)]
    public async Task Equals_brute_force_on_a_small_trained_model(ModelType type)
    {
        // Two numbers (one with missing values, so it has an indicator) and a two-valued category: 5 slots.
        var set = Small(600);
        var spec = Synthetic.Spec(type) with
        {
            FeatureService = "small",
            Label = "y",
            ProtectedAttributes = [],
            HyperParameters = type == ModelType.LightGbm
                ? new Dictionary<string, HyperParameterValue> { ["num_iterations"] = 6, ["num_leaves"] = 6, ["min_data_per_leaf"] = 5 }
                : new Dictionary<string, HyperParameterValue> { ["number_of_trees"] = 6, ["number_of_leaves"] = 6, ["min_examples_per_leaf"] = 5 },
        };
        var model = await ModelTrainer.TrainAsync(set, spec);
        var explainer = (TreeExplainer)Explainers.For(model, set.Frame);
        var trees = explainer.Trees;
        Assert.InRange(trees.SlotCount, 4, 8);

        var rows = Enumerable.Range(0, 40).Select(r => Row(set, r)).ToArray();
        var encoded = explainer.Model.Encode(InputBatch.From(rows, explainer.Model.Inputs, asOf: null));
        var explanations = explainer.ExplainBatch(rows);
        var shap = new TreeShap(trees);
        for (var r = 0; r < rows.Length; r++)
        {
            var x = encoded.AsSpan(r * trees.SlotCount, trees.SlotCount).ToArray();
            var phi = new double[trees.SlotCount];
            shap.Explain(x, phi);
            var leafWise = new double[trees.SlotCount];
            LeafShap.Prepare(trees)!.Explain(x, leafWise);
            var exact = BruteForce.Shapley(trees, x);
            for (var s = 0; s < phi.Length; s++)
            {
                Assert.True(Math.Abs(phi[s] - exact[s]) < 1e-9, $"row {r} slot {s}: TreeSHAP {phi[s]}, brute force {exact[s]}");
                Assert.True(Math.Abs(leafWise[s] - exact[s]) < 1e-9, $"row {r} slot {s}: leaf-wise {leafWise[s]}, brute force {exact[s]}");
            }
            // Per feature: the sum over the feature's slots.
            foreach (var (input, index) in explainer.Model.Inputs.Select((input, index) => (input, index)))
            {
                var expected = Enumerable.Range(0, phi.Length).Where(s => explainer.Model.SlotInputs[s] == index).Sum(s => exact[s]);
                Assert.True(Math.Abs(explanations[r][input.Name] - expected) < 1e-9);
            }
        }
    }

    private static Dictionary<string, object?> Row(TrainingSet set, int row) =>
        set.Frame.Columns.Where(c => c.Name != "y").ToDictionary(c => c.Name, c => c.Values[row]);

    private static TrainingSet Small(int rows)
    {
        var random = new Random(7);
        var a = new object?[rows];
        var b = new object?[rows];
        var c = new object?[rows];
        var y = new object?[rows];
        for (var i = 0; i < rows; i++)
        {
            var av = random.NextDouble() * 10;
            var bv = (long)random.Next(0, 100);
            var cv = random.NextDouble() < 0.5 ? "red" : "blue";
            a[i] = random.NextDouble() < 0.1 ? null : av;
            b[i] = bv;
            c[i] = cv;
            var logit = (av - 5) / 2 + ((bv - 50) / 30.0) + (cv == "red" ? 1 : -1);
            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? "yes" : "no";
        }
        var frame = new FeatureFrame(
            Enumerable.Range(0, rows).Select(i => "k" + i).ToArray(),
            Enumerable.Range(0, rows).Select(i => Synthetic.Start.AddMinutes(i)).ToArray(),
            [
                new FrameColumn("y", FeatureType.String, y),
                new FrameColumn("a", FeatureType.Double, a),
                new FrameColumn("b", FeatureType.Int64, b),
                new FrameColumn("c", FeatureType.String, c),
            ]);
        return new TrainingSet("small", Synthetic.LabelView, "y", new Dictionary<string, string> { ["small"] = "v1" }, frame);
    }
}
