namespace Keel.Explain;

/// <summary>
/// The same exact path-dependent TreeSHAP values as <see cref="TreeShap"/>, computed leaf by leaf
/// from paths prepared once per model, which is several times faster than the recursion (no path
/// copying per node, no per-node extend/unwind).
/// <para>
/// Why it is exact: under the path-dependent value function a leaf l with value v contributes
/// v · Π_k f_k(S) to E[f(x) | x_S], the product over the distinct slots k split on along its path,
/// where f_k(S) = o_k (1 when x satisfies every split on k along the path, else 0) if k ∈ S, and
/// z_k (the product of the background fractions of those splits) otherwise. Shapley values are
/// linear in the game, so the tree's values are the sum of each leaf's, and for a product game
/// with d players, O = {k : o_k = 1}, w(s) = s!(d−1−s)!/d! and e_m the elementary symmetric
/// polynomials of the z over a set:
/// φ_k = −v · Z · Σ_s w(s) e_{|O|−s}(z_O)  for k ∉ O, and
/// φ_k = v (1 − z_k) · Z · Σ_s w(s) e_{|O|−1−s}(z_{O∖k})  for k ∈ O, with Z = Π_{j∉O} z_j.
/// The polynomials of O∖k come from dividing Π_{j∈O}(1 + z_j t) by (1 + z_k t), a stable
/// recurrence because 0 ≤ z_k ≤ 1. The cost is O(|O|²) per leaf; leaves with short paths look
/// the result up in a table of every O, computed once, which makes them O(d).
/// </para>
/// <para>
/// O is found without walking each leaf's path: each tree gives its distinct split slots a bit,
/// one depth-first pass per tree collects the bits of the slots where x left the path (the
/// "failed" mask), and a leaf's O is its path's bits minus the failed ones, compacted to the
/// leaf's own bit order by a parallel bit extract (BMI2 pext).
/// </para>
/// Thread-safe: all state is in the prepared paths (read-only) and the caller's buffers.
/// </summary>
internal sealed class LeafShap
{
    private readonly FlatTrees _trees;
    private readonly double[] _leafValue;
    private readonly int[] _pathStart;
    private readonly int[] _pathLength;
    private readonly int[] _pathSlot;
    private readonly double[] _pathZero;
    // The tree-level bits of each leaf's path slots, in the order of its path.
    private readonly ulong[] _leafMask;
    // Per node: the tree-level bit of its split slot (internal) or its leaf number (leaf).
    private readonly ulong[] _nodeBit;
    private readonly int[] _nodeLeaf;
    // Per leaf with a short path, every contribution for every pattern of satisfied slots,
    // computed once: _table[_tableStart[l] + ones·d + k]; -1 where the leaf has no table.
    private readonly int[] _tableStart;
    private readonly double[] _table;
    // _weights[d][s] = s!(d−1−s)!/d!: the Shapley weight of a coalition of s of the other d−1 players.
    private readonly double[][] _weights;

    private LeafShap(FlatTrees trees, List<double> leafValue, List<int> pathStart, List<int> pathSlot, List<double> pathZero,
        List<ulong> leafMask, ulong[] nodeBit, int[] nodeLeaf, int maxSlots, int tableSlots)
    {
        _trees = trees;
        _leafValue = [.. leafValue];
        _pathStart = [.. pathStart];
        _pathSlot = [.. pathSlot];
        _pathZero = [.. pathZero];
        _leafMask = [.. leafMask];
        _nodeBit = nodeBit;
        _nodeLeaf = nodeLeaf;
        _pathLength = new int[_leafValue.Length];
        for (var l = 0; l < _leafValue.Length; l++)
        {
            _pathLength[l] = _pathStart[l + 1] - _pathStart[l];
        }
        LongestPath = maxSlots;
        _weights = new double[maxSlots + 1][];
        for (var d = 1; d <= maxSlots; d++)
        {
            _weights[d] = new double[d];
            for (var s = 0; s < d; s++)
            {
                // s!(d−1−s)!/d! = 1 / (d · C(d−1, s)).
                _weights[d][s] = 1.0 / (d * Binomial(d - 1, s));
            }
        }
        (_tableStart, _table) = Tables(tableSlots);
    }

    /// <summary>Leaves whose paths split on at most this many distinct slots get a lookup table (2^d·d values).</summary>
    public const int DefaultTableSlots = 6;

    /// <summary>The most distinct slots on one leaf's path.</summary>
    public int LongestPath { get; }

    /// <summary>Prepares every leaf's path; null when a tree splits on more than 64 distinct slots (one bit each).</summary>
    /// <param name="tableSlots">Leaves with paths of at most this many distinct slots get a lookup table; 0 for none.</param>
    public static LeafShap? Prepare(FlatTrees trees, int tableSlots = DefaultTableSlots)
    {
        var leafValue = new List<double>();
        var pathStart = new List<int>();
        var pathSlot = new List<int>();
        var pathZero = new List<double>();
        var leafMask = new List<ulong>();
        var nodeBit = new ulong[trees.NodeCount];
        var nodeLeaf = new int[trees.NodeCount];
        var nodes = new List<(int Node, bool Left)>();
        var bits = new Dictionary<int, int>();
        var maxSlots = 0;
        var tooMany = false;

        void Walk(int node)
        {
            if (trees.Slot[node] >= 0)
            {
                if (!bits.TryGetValue(trees.Slot[node], out var bit))
                {
                    bits[trees.Slot[node]] = bit = bits.Count;
                    tooMany |= bit >= 64;
                }
                nodeBit[node] = bit < 64 ? 1UL << bit : 0;
                nodes.Add((node, true));
                Walk(trees.Left[node]);
                nodes[^1] = (node, false);
                Walk(trees.Right[node]);
                nodes.RemoveAt(nodes.Count - 1);
                return;
            }
            nodeLeaf[node] = leafValue.Count;
            leafValue.Add(trees.Value[node]);
            pathStart.Add(pathSlot.Count);
            // The path's distinct slots in tree-bit order, which is the order pext compacts them in.
            var zeros = new SortedDictionary<int, (int Slot, double Zero)>();
            foreach (var (at, left) in nodes)
            {
                var bit = bits[trees.Slot[at]];
                var zero = zeros.TryGetValue(bit, out var seen) ? seen.Zero : 1.0;
                zeros[bit] = (trees.Slot[at], zero * (left ? trees.LeftFraction[at] : trees.RightFraction[at]));
            }
            var mask = 0UL;
            foreach (var (bit, (slot, zero)) in zeros)
            {
                mask |= bit < 64 ? 1UL << bit : 0;
                pathSlot.Add(slot);
                pathZero.Add(zero);
            }
            leafMask.Add(mask);
            maxSlots = Math.Max(maxSlots, zeros.Count);
        }

        foreach (var root in trees.Roots)
        {
            bits.Clear();
            Walk(root);
        }
        if (tooMany)
        {
            return null;
        }
        pathStart.Add(pathSlot.Count);
        return new LeafShap(trees, leafValue, pathStart, pathSlot, pathZero, leafMask, nodeBit, nodeLeaf, Math.Max(1, maxSlots), tableSlots);
    }

    /// <summary>Adds the SHAP value of every slot for row <paramref name="x"/> to <paramref name="phi"/>.</summary>
    public void Explain(ReadOnlySpan<float> x, Span<double> phi)
    {
        // Locals, not fields: the JIT then keeps them in registers across the stores into phi.
        var t = _trees;
        var slots = t.Slot;
        var thresholds = t.Threshold;
        var left = t.Left;
        var right = t.Right;
        var nodeBit = _nodeBit;
        var nodeLeaf = _nodeLeaf;
        var leafMask = _leafMask;
        var pathStart = _pathStart;
        var pathLength = _pathLength;
        var pathSlot = _pathSlot;
        var tableStart = _tableStart;
        var table = _table;
        Span<int> stackNode = stackalloc int[t.MaxDepth + 2];
        Span<ulong> stackFailed = stackalloc ulong[t.MaxDepth + 2];
        Span<double> poly = stackalloc double[LongestPath + 2];
        Span<double> contribution = stackalloc double[LongestPath];
        foreach (var root in t.Roots)
        {
            stackNode[0] = root;
            stackFailed[0] = 0;
            var top = 1;
            while (top > 0)
            {
                top--;
                var node = stackNode[top];
                var failed = stackFailed[top];
                var slot = slots[node];
                if (slot >= 0)
                {
                    var goesLeft = x[slot] <= thresholds[node];
                    // The way x goes keeps the failed mask; the other way fails this slot.
                    stackNode[top] = goesLeft ? right[node] : left[node];
                    stackFailed[top] = failed | nodeBit[node];
                    stackNode[top + 1] = goesLeft ? left[node] : right[node];
                    stackFailed[top + 1] = failed;
                    top += 2;
                    continue;
                }
                var l = nodeLeaf[node];
                var d = pathLength[l];
                if (d == 0)
                {
                    continue;
                }
                var ones = Extract(~failed, leafMask[l]);
                var start = pathStart[l];
                if (tableStart[l] >= 0)
                {
                    var at = tableStart[l] + ((int)ones * d);
                    for (var k = 0; k < d; k++)
                    {
                        phi[pathSlot[start + k]] += table[at + k];
                    }
                    continue;
                }
                Contributions(l, ones, poly, contribution);
                for (var k = 0; k < d; k++)
                {
                    phi[pathSlot[start + k]] += contribution[k];
                }
            }
        }
    }

    /// <summary>The bits of <paramref name="value"/> selected by <paramref name="mask"/>, packed to the low end.</summary>
    private static ulong Extract(ulong value, ulong mask)
    {
        if (System.Runtime.Intrinsics.X86.Bmi2.X64.IsSupported)
        {
            return System.Runtime.Intrinsics.X86.Bmi2.X64.ParallelBitExtract(value, mask);
        }
        return ExtractPortable(value, mask);
    }

    /// <summary><see cref="Extract"/> without BMI2 (ARM, older x64).</summary>
    internal static ulong ExtractPortable(ulong value, ulong mask)
    {
        var result = 0UL;
        var bit = 0;
        while (mask != 0)
        {
            var lowest = mask & (~mask + 1);
            if ((value & lowest) != 0)
            {
                result |= 1UL << bit;
            }
            bit++;
            mask &= mask - 1;
        }
        return result;
    }

    /// <summary>The contribution of leaf <paramref name="l"/> to each slot of its path, given the slots x satisfies.</summary>
    private void Contributions(int l, ulong ones, Span<double> poly, Span<double> contribution)
    {
        var d = _pathLength[l];
        var start = _pathStart[l];
        var outside = 1.0;
        var m = 0;
        poly[0] = 1;
        for (var k = 0; k < d; k++)
        {
            var z = _pathZero[start + k];
            if ((ones & (1UL << k)) == 0)
            {
                outside *= z;
                continue;
            }
            // Multiply the polynomial by (1 + z t).
            poly[m + 1] = 0;
            for (var i = m + 1; i > 0; i--)
            {
                poly[i] += z * poly[i - 1];
            }
            m++;
        }
        contribution[..d].Clear();
        if (outside == 0)
        {
            return;
        }
        var w = _weights[d];
        var scale = _leafValue[l] * outside;
        var share = 0.0;
        if (m < d)
        {
            // Every slot x does not satisfy gets the same share.
            var sum = 0.0;
            for (var s = 0; s <= m; s++)
            {
                sum += w[s] * poly[m - s];
            }
            share = -scale * sum;
        }
        for (var k = 0; k < d; k++)
        {
            if ((ones & (1UL << k)) == 0)
            {
                contribution[k] = share;
                continue;
            }
            var z = _pathZero[start + k];
            // q = poly / (1 + z t), degree m − 1, folded straight into Σ_s w(s) q_{m−1−s}.
            var q = 1.0;
            var total = w[m - 1] * q;
            for (var i = 1; i < m; i++)
            {
                q = poly[i] - (z * q);
                total += w[m - 1 - i] * q;
            }
            contribution[k] = scale * (1 - z) * total;
        }
    }

    private (int[] Start, double[] Table) Tables(int tableSlots)
    {
        var starts = new int[_leafValue.Length];
        var size = 0;
        for (var l = 0; l < starts.Length; l++)
        {
            var d = _pathLength[l];
            starts[l] = d > 0 && d <= Math.Min(tableSlots, 20) ? size : -1;
            size += starts[l] >= 0 ? (1 << d) * d : 0;
        }
        var table = new double[size];
        var poly = new double[LongestPath + 2];
        for (var l = 0; l < starts.Length; l++)
        {
            if (starts[l] < 0)
            {
                continue;
            }
            var d = _pathLength[l];
            for (var ones = 0; ones < 1 << d; ones++)
            {
                Contributions(l, (ulong)ones, poly, table.AsSpan(starts[l] + (ones * d), d));
            }
        }
        return (starts, table);
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
