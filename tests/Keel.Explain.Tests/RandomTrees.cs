namespace Keel.Explain.Tests;

/// <summary>
/// Random tree ensembles over a few slots, deep enough that paths split on the same slot more
/// than once, with covers from random background rows (so some nodes are reached by none).
/// </summary>
internal static class RandomTrees
{
    public static (FlatTrees Trees, float[] Background) Make(int seed, int slots, int trees, int leaves, int backgroundRows)
    {
        var random = new Random(seed);
        var roots = new List<int>();
        var slot = new List<int>();
        var threshold = new List<float>();
        var left = new List<int>();
        var right = new List<int>();
        var value = new List<double>();
        int NewNode()
        {
            slot.Add(-1);
            threshold.Add(0);
            left.Add(-1);
            right.Add(-1);
            value.Add(Math.Round((random.NextDouble() * 4) - 2, 3));
            return slot.Count - 1;
        }
        for (var t = 0; t < trees; t++)
        {
            var root = NewNode();
            roots.Add(root);
            var leafNodes = new List<int> { root };
            while (leafNodes.Count < leaves)
            {
                var pick = leafNodes[random.Next(leafNodes.Count)];
                leafNodes.Remove(pick);
                slot[pick] = random.Next(slots);
                // Thresholds on a small grid, so rows hit both sides and repeated splits interact.
                threshold[pick] = random.Next(0, 5) + 0.5f;
                left[pick] = NewNode();
                right[pick] = NewNode();
                leafNodes.Add(left[pick]);
                leafNodes.Add(right[pick]);
            }
        }
        var flat = FlatTrees.Create([.. roots], [.. slot], [.. threshold], [.. left], [.. right], [.. value], bias: 0.25, slots);
        var background = new float[backgroundRows * slots];
        for (var i = 0; i < background.Length; i++)
        {
            background[i] = random.Next(0, 6);
        }
        flat.SetCovers(background, backgroundRows);
        return (flat, background);
    }

    public static float[] Row(Random random, int slots) =>
        Enumerable.Range(0, slots).Select(_ => (float)random.Next(0, 6)).ToArray();
}
