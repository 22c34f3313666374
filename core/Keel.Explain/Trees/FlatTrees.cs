using Microsoft.ML.Trainers.FastTree;

namespace Keel.Explain;

/// <summary>
/// A tree ensemble as flat arrays, so walking it allocates nothing and stays in cache. Node ids are
/// global: tree t's nodes start at <see cref="Roots"/>[t]. An internal node has a split slot
/// (<see cref="Slot"/> ≥ 0), a threshold and two children; a leaf has <see cref="Slot"/> = -1 and a
/// value (already multiplied by its tree's weight). A row goes left when its slot value is ≤ the
/// threshold, as ML.NET's InternalRegressionTree.GetLeaf decides; a NaN slot goes right (NaN ≤ t is
/// false), though Keel's pipeline never feeds a NaN (missing numbers become the training mean).
/// <see cref="LeftFraction"/> and <see cref="RightFraction"/> are the shares of the background rows
/// reaching a node that go each way: ML.NET does not store node covers, so they are counted by
/// passing the background rows down the trees.
/// </summary>
internal sealed class FlatTrees
{
    private FlatTrees(int[] roots, int[] slot, float[] threshold, int[] left, int[] right, double[] value, double bias, int slotCount, int maxDepth)
    {
        Roots = roots;
        Slot = slot;
        Threshold = threshold;
        Left = left;
        Right = right;
        Value = value;
        Bias = bias;
        SlotCount = slotCount;
        MaxDepth = maxDepth;
        LeftFraction = new double[slot.Length];
        RightFraction = new double[slot.Length];
        Cover = new double[slot.Length];
    }

    public int[] Roots { get; }

    public int[] Slot { get; }

    public float[] Threshold { get; }

    public int[] Left { get; }

    public int[] Right { get; }

    public double[] Value { get; }

    /// <summary>Added to the trees' sum: the ensemble's bias.</summary>
    public double Bias { get; }

    public int SlotCount { get; }

    /// <summary>The most internal nodes on any root-to-leaf path.</summary>
    public int MaxDepth { get; }

    public double[] Cover { get; }

    public double[] LeftFraction { get; }

    public double[] RightFraction { get; }

    /// <summary>The expected raw score under the background: bias plus each tree's cover-weighted mean leaf.</summary>
    public double ExpectedValue { get; private set; }

    public int NodeCount => Slot.Length;

    /// <summary>Flattens the tree ensemble of an ML.NET tree predictor; anything else is not a tree model.</summary>
    public static FlatTrees? From(object predictor, int slotCount)
    {
        if (predictor is not TreeEnsembleModelParametersBasedOnRegressionTree model)
        {
            return null;
        }
        var ensemble = model.TrainedTreeEnsemble;
        var trees = ensemble.Trees;
        var weights = ensemble.TreeWeights;
        var total = trees.Sum(t => t.NumberOfNodes + t.NumberOfLeaves);
        var roots = new int[trees.Count];
        var slot = new int[total];
        var threshold = new float[total];
        var left = new int[total];
        var right = new int[total];
        var value = new double[total];
        var maxDepth = 0;
        var next = 0;
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            var offset = roots[t] = next;
            var internals = tree.NumberOfNodes;
            // ML.NET numbers internal nodes 0..n-1 and marks a leaf child l as ~l; here leaves follow the internal nodes.
            int Node(int child) => child < 0 ? offset + internals + ~child : offset + child;
            for (var n = 0; n < internals; n++)
            {
                if (tree.CategoricalSplitFlags[n])
                {
                    throw new NotSupportedException("The tree model uses categorical splits, which the explainer does not support (Keel one-hot encodes categories instead).");
                }
                var feature = tree.NumericalSplitFeatureIndexes[n];
                if (feature < 0 || feature >= slotCount)
                {
                    throw new NotSupportedException($"A tree splits on slot {feature}, outside the {slotCount}-slot feature vector.");
                }
                slot[offset + n] = feature;
                threshold[offset + n] = tree.NumericalSplitThresholds[n];
                left[offset + n] = Node(tree.LeftChild[n]);
                right[offset + n] = Node(tree.RightChild[n]);
            }
            for (var l = 0; l < tree.NumberOfLeaves; l++)
            {
                var node = offset + internals + l;
                slot[node] = -1;
                left[node] = right[node] = -1;
                value[node] = tree.LeafValues[l] * weights[t];
            }
            next += internals + tree.NumberOfLeaves;
            maxDepth = Math.Max(maxDepth, Depth(slot, left, right, offset));
        }
        return new FlatTrees(roots, slot, threshold, left, right, value, ensemble.Bias, slotCount, maxDepth);
    }

    /// <summary>Builds a tree set directly (tests: small hand-made trees). Leaf values are taken as given.</summary>
    public static FlatTrees Create(int[] roots, int[] slot, float[] threshold, int[] left, int[] right, double[] value, double bias, int slotCount)
    {
        var maxDepth = roots.Select(r => Depth(slot, left, right, r)).DefaultIfEmpty(0).Max();
        return new FlatTrees(roots, slot, threshold, left, right, value, bias, slotCount, maxDepth);
    }

    /// <summary>
    /// Counts the background rows (dense, rows × slots) through every node and sets the split
    /// fractions. A node no background row reaches splits half and half, so the expectation stays
    /// defined there (the brute-force reference uses the same fractions).
    /// </summary>
    public void SetCovers(ReadOnlySpan<float> background, int rows)
    {
        Array.Clear(Cover);
        for (var r = 0; r < rows; r++)
        {
            var x = background.Slice(r * SlotCount, SlotCount);
            foreach (var root in Roots)
            {
                var node = root;
                Cover[node]++;
                while (Slot[node] >= 0)
                {
                    node = GoesLeft(x[Slot[node]], node) ? Left[node] : Right[node];
                    Cover[node]++;
                }
            }
        }
        for (var n = 0; n < NodeCount; n++)
        {
            if (Slot[n] < 0)
            {
                continue;
            }
            if (Cover[n] > 0)
            {
                LeftFraction[n] = Cover[Left[n]] / Cover[n];
                RightFraction[n] = Cover[Right[n]] / Cover[n];
            }
            else
            {
                LeftFraction[n] = RightFraction[n] = 0.5;
            }
        }
        var expected = Bias;
        foreach (var root in Roots)
        {
            expected += MeanBelow(root);
        }
        ExpectedValue = expected;
    }

    /// <summary>The raw score of one row: bias plus the leaf each tree sends it to.</summary>
    public double RawScore(ReadOnlySpan<float> x)
    {
        var sum = Bias;
        foreach (var root in Roots)
        {
            var node = root;
            while (Slot[node] >= 0)
            {
                node = GoesLeft(x[Slot[node]], node) ? Left[node] : Right[node];
            }
            sum += Value[node];
        }
        return sum;
    }

    public bool GoesLeft(float value, int node) => value <= Threshold[node];

    private double MeanBelow(int node) => Slot[node] < 0
        ? Value[node]
        : (LeftFraction[node] * MeanBelow(Left[node])) + (RightFraction[node] * MeanBelow(Right[node]));

    private static int Depth(int[] slot, int[] left, int[] right, int node) =>
        slot[node] < 0 ? 0 : 1 + Math.Max(Depth(slot, left, right, left[node]), Depth(slot, left, right, right[node]));
}
