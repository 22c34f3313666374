namespace Keel.Explain;

/// <summary>
/// The same exact path-dependent TreeSHAP values as <see cref="TreeShap"/>, computed leaf by leaf
/// from paths prepared once per model, which is many times faster than the recursion (no path
/// copying per node, no per-node extend/unwind).
/// <para>
/// Why it is exact: under the path-dependent value function a leaf l with value v contributes
/// v · Π_k f_k(S) to E[f(x) | x_S], the product over the distinct slots k split on along its path,
/// where f_k(S) = o_k (1 when x satisfies every split on k along the path, else 0) if k ∈ S, and
/// z_k (the product of the background fractions of those splits) otherwise. Shapley values are
/// linear in the game, so the tree's values are the sum of each leaf's, and for a product game
/// with d players, O = {k : o_k = 1}, w(s) = s!(d−1−s)!/d! and e_m the elementary symmetric
/// polynomials of the z over a set, with H(P) = v · Σ_s w(s) e_{|P|−s}(z_P) and Z = Π_{j∉O} z_j:
/// φ_k = −Z · H(O)  for k ∉ O, and φ_k = (1 − z_k) · Z · H(O∖k)  for k ∈ O.
/// </para>
/// <para>
/// H and Z depend on the leaf and a pattern of satisfied slots only, never on the row, so (as in
/// Fast TreeSHAP v2, Yang 2021) they are tabulated once per leaf for all 2^d patterns; explaining
/// a row is then O(d) per leaf: find O, look up Z(O), H(O) and each H(O∖k). Leaves with short
/// paths store every slot's value per pattern instead (d·2^d values, but a row is one read).
/// Leaves whose table would not fit <see cref="DefaultTableSlots"/> or the memory budget compute
/// H from the polynomials instead, O(|O|²) per leaf.
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
    // Per path position 2 − z, so the factor of its slot's value is satisfied · (2 − z) − 1 without a
    // branch: 1 − z when x satisfies the slot, −1 when not.
    private readonly double[] _pathTwoMinusZero;
    // The tree-level bits of each leaf's path slots, in the order of its path.
    private readonly ulong[] _leafMask;
    private readonly TreeOrder _order;
    // Each leaf's table in _table from _tableStart[l], of the kind _tableKind[l] (see TableKind).
    private readonly int[] _tableStart;
    private readonly TableKind[] _tableKind;
    private readonly double[] _table;
    private readonly double[][] _weights;

    private LeafShap(FlatTrees trees, List<double> leafValue, List<int> pathStart, List<int> pathSlot, List<double> pathZero,
        List<ulong> leafMask, TreeOrder order, int maxSlots, int tableSlots, int tableBudget, int valueSlots)
    {
        _trees = trees;
        _leafValue = [.. leafValue];
        _pathStart = [.. pathStart];
        _pathSlot = [.. pathSlot];
        _pathZero = [.. pathZero];
        _pathTwoMinusZero = _pathZero.Select(z => 2 - z).ToArray();
        _leafMask = [.. leafMask];
        _order = order;
        _pathLength = new int[_leafValue.Length];
        for (var l = 0; l < _leafValue.Length; l++)
        {
            _pathLength[l] = _pathStart[l + 1] - _pathStart[l];
        }
        LongestPath = maxSlots;
        _weights = LeafGame.Weights(maxSlots);
        (_tableStart, _tableKind, _table) = Tables(tableSlots, tableBudget, valueSlots);
    }

    /// <summary>
    /// Leaves whose paths split on at most this many distinct slots get a table of 2^d patterns
    /// (64 KiB for 12). Keel's demo model has at most 10, so every leaf is tabulated.
    /// </summary>
    public const int DefaultTableSlots = 12;

    /// <summary>Leaves of at most this many distinct slots get every slot's value per pattern (<see cref="TableKind.Values"/>).</summary>
    public const int ValueTableSlots = 5;

    /// <summary>The most table doubles per model (32 MiB): leaves past it compute H from the polynomials.</summary>
    public const int DefaultTableBudget = 1 << 22;

    /// <summary>
    /// Rows explained together, tree by tree: a tree's nodes and tables are loaded into cache once
    /// per block instead of once per row, while the block's rows and values (rows × slots) still
    /// fit in the first-level caches.
    /// </summary>
    public const int BlockRows = 64;

    /// <summary>The most distinct slots on one leaf's path.</summary>
    public int LongestPath { get; }

    /// <summary>The number of leaves with a table, and the doubles of all tables.</summary>
    public (int Leaves, int Doubles) TableSize => (_tableKind.Count(k => k != TableKind.None), _table.Length);

    /// <summary>What a leaf's table holds, by pattern O of satisfied path slots.</summary>
    private enum TableKind : byte
    {
        /// <summary>No table: the values come from the polynomials, O(d²) per row.</summary>
        None,

        /// <summary>
        /// Every slot's value, d doubles per pattern: a row is one contiguous read. For short paths,
        /// where d·2^d stays small; it saves the arithmetic of <see cref="Patterns"/>.
        /// </summary>
        Values,

        /// <summary>H(O) and Z(O) side by side, so one row's Z(O) and H(O) share a cache line: 2 doubles per pattern.</summary>
        Patterns,
    }

    /// <summary>Prepares every leaf's path; null when a tree splits on more than 64 distinct slots (one bit each).</summary>
    /// <param name="tableSlots">Leaves with paths of at most this many distinct slots get a table; 0 for none.</param>
    /// <param name="tableBudget">The most table doubles in all.</param>
    /// <param name="valueSlots">Tabulated leaves of at most this many distinct slots get a table of values rather than of H and Z.</param>
    public static LeafShap? Prepare(FlatTrees trees, int tableSlots = DefaultTableSlots, int tableBudget = DefaultTableBudget, int valueSlots = ValueTableSlots)
    {
        var leafValue = new List<double>();
        var pathStart = new List<int>();
        var pathSlot = new List<int>();
        var pathZero = new List<double>();
        var leafMask = new List<ulong>();
        var order = new TreeOrder();
        var nodes = new List<(int Node, bool Left)>();
        var bits = new Dictionary<int, int>();
        var maxSlots = 0;
        var tooMany = false;

        void Walk(int node, int parent, int parentNode, bool left)
        {
            var parentBit = 0UL;
            if (parentNode >= 0)
            {
                var bit = bits[trees.Slot[parentNode]];
                parentBit = bit < 64 ? 1UL << bit : 0;
            }
            var entry = order.Add(parent, parentNode >= 0 ? trees.Slot[parentNode] : 0, parentNode >= 0 ? trees.Threshold[parentNode] : 0, left, parentBit);
            if (trees.Slot[node] >= 0)
            {
                if (!bits.ContainsKey(trees.Slot[node]))
                {
                    tooMany |= bits.Count >= 64;
                    bits[trees.Slot[node]] = bits.Count;
                }
                nodes.Add((node, true));
                Walk(trees.Left[node], entry, node, true);
                nodes[^1] = (node, false);
                Walk(trees.Right[node], entry, node, false);
                nodes.RemoveAt(nodes.Count - 1);
                return;
            }
            order.AddLeaf(entry);
            leafValue.Add(trees.Value[node]);
            pathStart.Add(pathSlot.Count);
            // The path's distinct slots in tree-bit order, which is the order pext compacts them in.
            var zeros = new SortedDictionary<int, (int Slot, double Zero)>();
            foreach (var (at, goesLeft) in nodes)
            {
                var bit = bits[trees.Slot[at]];
                var zero = zeros.TryGetValue(bit, out var seen) ? seen.Zero : 1.0;
                zeros[bit] = (trees.Slot[at], zero * (goesLeft ? trees.LeftFraction[at] : trees.RightFraction[at]));
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
            order.StartTree(leafValue.Count);
            Walk(root, 0, -1, true);
        }
        if (tooMany)
        {
            return null;
        }
        pathStart.Add(pathSlot.Count);
        order.Finish();
        return new LeafShap(trees, leafValue, pathStart, pathSlot, pathZero, leafMask, order, Math.Max(1, maxSlots), tableSlots, tableBudget, valueSlots);
    }

    /// <summary>Adds the SHAP value of every slot for row <paramref name="x"/> to <paramref name="phi"/>.</summary>
    public void Explain(ReadOnlySpan<float> x, Span<double> phi) => Explain(x, phi, 1);

    /// <summary>
    /// Adds the SHAP values of <paramref name="rows"/> rows (<paramref name="x"/> and
    /// <paramref name="phi"/> both rows × slots) to <paramref name="phi"/>, tree by tree over
    /// blocks of <see cref="BlockRows"/> rows: first every row's failed mask at every leaf, then
    /// leaf by leaf over the rows, so a leaf's path and table are read once per block and the
    /// loops' trip counts repeat for the branch predictor.
    /// </summary>
    public void Explain(ReadOnlySpan<float> x, Span<double> phi, int rows)
    {
        var slotCount = _trees.SlotCount;
        var order = _order;
        // On the stack for trees of usual size, so explaining one row allocates nothing.
        Span<ulong> entryFailed = order.MaxEntries <= 1024 ? stackalloc ulong[order.MaxEntries] : new ulong[order.MaxEntries];
        var failedSize = order.MaxLeaves * Math.Min(BlockRows, rows);
        Span<ulong> leafFailed = failedSize <= 2048 ? stackalloc ulong[failedSize] : new ulong[failedSize];
        Span<double> poly = stackalloc double[LongestPath + 2];
        Span<double> contribution = stackalloc double[LongestPath];
        for (var first = 0; first < rows; first += BlockRows)
        {
            var count = Math.Min(BlockRows, rows - first);
            var blockX = x.Slice(first * slotCount, count * slotCount);
            var blockPhi = phi.Slice(first * slotCount, count * slotCount);
            for (var t = 0; t < _trees.Roots.Length; t++)
            {
                for (var r = 0; r < count; r++)
                {
                    FailedMasks(t, blockX.Slice(r * slotCount, slotCount), entryFailed, leafFailed[(r * order.MaxLeaves)..]);
                }
                for (var l = order.LeafStart[t]; l < order.LeafStart[t + 1]; l++)
                {
                    var leafInTree = l - order.LeafStart[t];
                    switch (_tableKind[l])
                    {
                        case TableKind.Values:
                            AddValues(l, leafFailed, leafInTree, count, blockPhi);
                            break;
                        case TableKind.Patterns:
                            AddPatterns(l, leafFailed, leafInTree, count, blockPhi);
                            break;
                        default:
                            AddComputed(l, leafFailed, leafInTree, count, blockPhi, poly, contribution);
                            break;
                    }
                }
            }
        }
    }

    /// <summary>The slot bits row <paramref name="x"/> fails on the way to each leaf of tree <paramref name="t"/>.</summary>
    private void FailedMasks(int t, ReadOnlySpan<float> x, Span<ulong> entryFailed, Span<ulong> leafFailed)
    {
        var order = _order;
        var start = order.EntryStart[t];
        var end = order.EntryStart[t + 1];
        var entries = order.Entries.AsSpan(start, end - start);
        entryFailed[0] = 0;
        for (var e = 1; e < entries.Length; e++)
        {
            ref readonly var entry = ref entries[e];
            var wentLeft = 0UL - (x[entry.Slot] <= entry.Threshold ? 1UL : 0UL);
            entryFailed[e] = entryFailed[entry.Parent] | (entry.ParentBit & (entry.LeftChild ^ wentLeft));
        }
        var leafEntry = order.LeafEntry;
        var firstLeaf = order.LeafStart[t];
        for (var l = firstLeaf; l < order.LeafStart[t + 1]; l++)
        {
            leafFailed[l - firstLeaf] = entryFailed[leafEntry[l]];
        }
    }

    /// <summary>Leaf l's values for every row of the block, read from its table of values.</summary>
    private void AddValues(int l, ReadOnlySpan<ulong> leafFailed, int leafInTree, int rows, Span<double> phi)
    {
        var d = _pathLength[l];
        var slotCount = _trees.SlotCount;
        var stride = _order.MaxLeaves;
        var mask = _leafMask[l];
        var table = _table.AsSpan(_tableStart[l], d << d);
        var slots = _pathSlot.AsSpan(_pathStart[l], d);
        for (var r = 0; r < rows; r++)
        {
            var ones = (int)Extract(~leafFailed[(r * stride) + leafInTree], mask);
            var values = table.Slice(ones * d, d);
            var rowPhi = phi.Slice(r * slotCount, slotCount);
            for (var k = 0; k < values.Length; k++)
            {
                rowPhi[slots[k]] += values[k];
            }
        }
    }

    /// <summary>Leaf l's values for every row of the block from its table of H and Z: O(d) per row.</summary>
    private void AddPatterns(int l, ReadOnlySpan<ulong> leafFailed, int leafInTree, int rows, Span<double> phi)
    {
        var d = _pathLength[l];
        var at = _tableStart[l];
        var slotCount = _trees.SlotCount;
        var stride = _order.MaxLeaves;
        var mask = _leafMask[l];
        var table = _table.AsSpan(at, 2 << d);
        var start = _pathStart[l];
        var twoMinusZero = _pathTwoMinusZero.AsSpan(start, d);
        var slots = _pathSlot.AsSpan(start, d);
        for (var r = 0; r < rows; r++)
        {
            var ones = Extract(~leafFailed[(r * stride) + leafInTree], mask);
            var outside = table[(2 * (int)ones) + 1];
            var rowPhi = phi.Slice(r * slotCount, slotCount);
            // H(O∖k) for both cases: for k ∉ O, O∖k is O itself.
            for (var k = 0; k < slots.Length; k++)
            {
                var satisfied = (double)((ones >> k) & 1);
                rowPhi[slots[k]] += outside * ((satisfied * twoMinusZero[k]) - 1) * table[2 * (int)(ones & ~(1UL << k))];
            }
        }
    }

    /// <summary>Leaf l's values for every row of the block from the polynomials: O(d²) per row, for leaves without a table.</summary>
    private void AddComputed(int l, ReadOnlySpan<ulong> leafFailed, int leafInTree, int rows, Span<double> phi, Span<double> poly, Span<double> contribution)
    {
        var d = _pathLength[l];
        if (d == 0)
        {
            return;
        }
        var slotCount = _trees.SlotCount;
        var start = _pathStart[l];
        for (var r = 0; r < rows; r++)
        {
            var ones = Extract(~leafFailed[(r * _order.MaxLeaves) + leafInTree], _leafMask[l]);
            LeafGame.Contributions(_pathZero.AsSpan(start, d), ones, _leafValue[l], _weights[d], poly, contribution);
            for (var k = 0; k < d; k++)
            {
                phi[(r * slotCount) + _pathSlot[start + k]] += contribution[k];
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

    private (int[] Start, TableKind[] Kind, double[] Table) Tables(int tableSlots, int budget, int valueSlots)
    {
        var starts = new int[_leafValue.Length];
        var kinds = new TableKind[_leafValue.Length];
        var size = 0;
        for (var l = 0; l < starts.Length; l++)
        {
            var d = _pathLength[l];
            var kind = d == 0 || d > Math.Min(tableSlots, 24) ? TableKind.None
                : d <= valueSlots ? TableKind.Values
                : TableKind.Patterns;
            var length = kind == TableKind.Values ? d << d : 2 << d;
            kinds[l] = kind != TableKind.None && size + length <= budget ? kind : TableKind.None;
            starts[l] = size;
            size += kinds[l] == TableKind.None ? 0 : length;
        }
        var table = new double[size];
        var poly = new double[LongestPath + 2];
        for (var l = 0; l < starts.Length; l++)
        {
            var d = _pathLength[l];
            var zero = _pathZero.AsSpan(_pathStart[l], d);
            for (var pattern = 0; kinds[l] != TableKind.None && pattern < 1 << d; pattern++)
            {
                if (kinds[l] == TableKind.Values)
                {
                    LeafGame.Contributions(zero, (ulong)pattern, _leafValue[l], _weights[d], poly, table.AsSpan(starts[l] + (pattern * d), d));
                    continue;
                }
                table[starts[l] + (2 * pattern)] = LeafGame.PatternValue(zero, (ulong)pattern, _leafValue[l], _weights[d], poly);
                table[starts[l] + (2 * pattern) + 1] = LeafGame.Outside(zero, (ulong)pattern);
            }
        }
        return (starts, kinds, table);
    }
}
