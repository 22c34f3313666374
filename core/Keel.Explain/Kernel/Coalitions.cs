namespace Keel.Explain;

/// <summary>
/// The coalitions KernelSHAP scores and their Shapley-kernel weights. With few features every
/// proper, non-empty coalition is enumerated and weighted by the kernel
/// (M−1) / (C(M,s)·s·(M−s)), which makes the regression's answer the exact Shapley values. With
/// more, coalition sizes are drawn in proportion to the kernel's total weight per size and a
/// uniform coalition of that size is taken together with its complement (paired sampling halves
/// the variance); each sample then weighs the same.
/// </summary>
internal static class Coalitions
{
    public static (bool[][] Masks, double[] Weights) Make(int features, int budget, Random random)
    {
        if (features < 2)
        {
            return ([], []);
        }
        if (features < 31 && (1L << features) - 2 <= budget)
        {
            return Enumerate(features);
        }
        return Sample(features, Math.Max(2, budget), random);
    }

    private static (bool[][], double[]) Enumerate(int m)
    {
        var count = (1 << m) - 2;
        var masks = new bool[count][];
        var weights = new double[count];
        for (var code = 1; code <= count; code++)
        {
            var mask = new bool[m];
            var size = 0;
            for (var j = 0; j < m; j++)
            {
                mask[j] = (code & (1 << j)) != 0;
                size += mask[j] ? 1 : 0;
            }
            masks[code - 1] = mask;
            weights[code - 1] = (m - 1) / (Binomial(m, size) * size * (m - size));
        }
        return (masks, weights);
    }

    private static (bool[][], double[]) Sample(int m, int budget, Random random)
    {
        var sizeWeights = new double[m];
        for (var s = 1; s < m; s++)
        {
            sizeWeights[s] = (m - 1.0) / (s * (m - s));
        }
        var total = sizeWeights.Sum();
        var masks = new List<bool[]>(budget);
        var order = Enumerable.Range(0, m).ToArray();
        while (masks.Count + 2 <= budget)
        {
            var pick = random.NextDouble() * total;
            var size = 1;
            while (size < m - 1 && pick >= sizeWeights[size])
            {
                pick -= sizeWeights[size];
                size++;
            }
            random.Shuffle(order);
            var mask = new bool[m];
            for (var j = 0; j < size; j++)
            {
                mask[order[j]] = true;
            }
            masks.Add(mask);
            masks.Add(mask.Select(b => !b).ToArray());
        }
        return ([.. masks], Enumerable.Repeat(1.0, masks.Count).ToArray());
    }

    private static double Binomial(int n, int k)
    {
        var result = 1.0;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }
        return result;
    }
}
