namespace Keel.Explain.Tests;

/// <summary>
/// Shapley values by definition, for checking TreeSHAP: every subset S of the slots, the value
/// v(S) = Σ_trees E[tree | x_S] where a tree follows x at a split on a slot in S and otherwise
/// averages its children by the same background fractions TreeSHAP uses, and
/// φ_i = Σ_{S ∌ i} |S|!(n−|S|−1)!/n! · (v(S ∪ {i}) − v(S)). Exponential, so only for a few slots.
/// </summary>
internal static class BruteForce
{
    public static double[] Shapley(FlatTrees trees, float[] x)
    {
        var n = trees.SlotCount;
        if (n > 12)
        {
            throw new ArgumentException("Brute force is for a few slots only.");
        }
        var values = new double[1 << n];
        for (var set = 0; set < values.Length; set++)
        {
            values[set] = trees.Bias + trees.Roots.Sum(root => Expect(trees, x, root, set));
        }
        var factorial = new double[n + 1];
        factorial[0] = 1;
        for (var k = 1; k <= n; k++)
        {
            factorial[k] = factorial[k - 1] * k;
        }
        var phi = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var set = 0; set < values.Length; set++)
            {
                if ((set & (1 << i)) != 0)
                {
                    continue;
                }
                var size = System.Numerics.BitOperations.PopCount((uint)set);
                var weight = factorial[size] * factorial[n - size - 1] / factorial[n];
                phi[i] += weight * (values[set | (1 << i)] - values[set]);
            }
        }
        return phi;
    }

    /// <summary>v(∅): every split averaged, the expected value TreeSHAP measures from.</summary>
    public static double Expected(FlatTrees trees) => trees.Bias + trees.Roots.Sum(root => Expect(trees, [], root, 0));

    private static double Expect(FlatTrees trees, float[] x, int node, int set)
    {
        var slot = trees.Slot[node];
        if (slot < 0)
        {
            return trees.Value[node];
        }
        if ((set & (1 << slot)) != 0)
        {
            return Expect(trees, x, trees.GoesLeft(x[slot], node) ? trees.Left[node] : trees.Right[node], set);
        }
        return (trees.LeftFraction[node] * Expect(trees, x, trees.Left[node], set))
            + (trees.RightFraction[node] * Expect(trees, x, trees.Right[node], set));
    }
}
