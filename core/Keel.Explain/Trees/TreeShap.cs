namespace Keel.Explain;

/// <summary>
/// Exact path-dependent TreeSHAP (Lundberg, Erion &amp; Lee 2018, Algorithm 2; the polynomial
/// recursion of the shap package's tree_shap_recursive), O(T·L·D²) for T trees of L leaves and
/// depth D. It gives the Shapley values of the game v(S) = E[f(x) | x_S] in which a tree follows
/// x at nodes that split on a slot in S and otherwise averages both children by the share of
/// background rows going each way (<see cref="FlatTrees.LeftFraction"/>). One instance holds the
/// path buffer and is reused row after row, so explaining allocates nothing per node; it is not
/// thread-safe (use one per thread).
/// </summary>
internal sealed class TreeShap
{
    private readonly FlatTrees _trees;
    // The path of unique split slots above the current node, one frame per recursion depth:
    // depth d's path starts where depth d-1's ended, as in the reference implementation.
    private readonly int[] _feature;
    private readonly double[] _zero;
    private readonly double[] _one;
    private readonly double[] _weight;

    public TreeShap(FlatTrees trees)
    {
        _trees = trees;
        var size = (trees.MaxDepth + 2) * (trees.MaxDepth + 3) / 2;
        _feature = new int[size];
        _zero = new double[size];
        _one = new double[size];
        _weight = new double[size];
    }

    /// <summary>Adds the SHAP value of every slot for row <paramref name="x"/> to <paramref name="phi"/> (one entry per slot).</summary>
    public void Explain(ReadOnlySpan<float> x, Span<double> phi)
    {
        foreach (var root in _trees.Roots)
        {
            Recurse(x, phi, root, 0, 0, 1, 1, -1);
        }
    }

    private void Recurse(ReadOnlySpan<float> x, Span<double> phi, int node, int depth, int parentPath,
        double parentZero, double parentOne, int parentFeature)
    {
        // This frame's path is a copy of the parent's (depth elements), extended by the parent's split.
        // It starts past the parent's live elements, so the parent's path is intact for its other child.
        var start = parentPath + depth;
        Array.Copy(_feature, parentPath, _feature, start, depth);
        Array.Copy(_zero, parentPath, _zero, start, depth);
        Array.Copy(_one, parentPath, _one, start, depth);
        Array.Copy(_weight, parentPath, _weight, start, depth);
        Extend(start, depth, parentZero, parentOne, parentFeature);

        var t = _trees;
        if (t.Slot[node] < 0)
        {
            var value = t.Value[node];
            for (var i = 1; i <= depth; i++)
            {
                var w = UnwoundSum(start, depth, i);
                phi[_feature[start + i]] += w * (_one[start + i] - _zero[start + i]) * value;
            }
            return;
        }

        var slot = t.Slot[node];
        var goesLeft = t.GoesLeft(x[slot], node);
        var hot = goesLeft ? t.Left[node] : t.Right[node];
        var cold = goesLeft ? t.Right[node] : t.Left[node];
        var hotZero = goesLeft ? t.LeftFraction[node] : t.RightFraction[node];
        var coldZero = goesLeft ? t.RightFraction[node] : t.LeftFraction[node];
        var incomingZero = 1.0;
        var incomingOne = 1.0;

        // A slot already split on above is taken off the path and its fractions carried into this split.
        var pathIndex = 0;
        for (; pathIndex <= depth; pathIndex++)
        {
            if (_feature[start + pathIndex] == slot)
            {
                break;
            }
        }
        if (pathIndex != depth + 1)
        {
            incomingZero = _zero[start + pathIndex];
            incomingOne = _one[start + pathIndex];
            Unwind(start, depth, pathIndex);
            depth--;
        }

        // A child that neither x nor any background row reaches adds nothing (and its zero
        // fractions would divide by zero when unwound), so it is not visited.
        if (hotZero * incomingZero > 0 || incomingOne > 0)
        {
            Recurse(x, phi, hot, depth + 1, start, hotZero * incomingZero, incomingOne, slot);
        }
        if (coldZero * incomingZero > 0)
        {
            Recurse(x, phi, cold, depth + 1, start, coldZero * incomingZero, 0, slot);
        }
    }

    private void Extend(int start, int depth, double zero, double one, int feature)
    {
        _feature[start + depth] = feature;
        _zero[start + depth] = zero;
        _one[start + depth] = one;
        _weight[start + depth] = depth == 0 ? 1 : 0;
        for (var i = depth - 1; i >= 0; i--)
        {
            _weight[start + i + 1] += one * _weight[start + i] * (i + 1) / (depth + 1);
            _weight[start + i] = zero * _weight[start + i] * (depth - i) / (depth + 1);
        }
    }

    private void Unwind(int start, int depth, int pathIndex)
    {
        var one = _one[start + pathIndex];
        var zero = _zero[start + pathIndex];
        var nextOne = _weight[start + depth];
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var tmp = _weight[start + i];
                _weight[start + i] = nextOne * (depth + 1) / ((i + 1) * one);
                nextOne = tmp - (_weight[start + i] * zero * (depth - i) / (depth + 1));
            }
            else
            {
                _weight[start + i] = _weight[start + i] * (depth + 1) / (zero * (depth - i));
            }
        }
        for (var i = pathIndex; i < depth; i++)
        {
            _feature[start + i] = _feature[start + i + 1];
            _zero[start + i] = _zero[start + i + 1];
            _one[start + i] = _one[start + i + 1];
        }
    }

    private double UnwoundSum(int start, int depth, int pathIndex)
    {
        var one = _one[start + pathIndex];
        var zero = _zero[start + pathIndex];
        var nextOne = _weight[start + depth];
        var total = 0.0;
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var tmp = nextOne * (depth + 1) / ((i + 1) * one);
                total += tmp;
                nextOne = _weight[start + i] - (tmp * zero * (depth - i) / (depth + 1));
            }
            else
            {
                total += _weight[start + i] / zero * (depth + 1) / (depth - i);
            }
        }
        return total;
    }
}
