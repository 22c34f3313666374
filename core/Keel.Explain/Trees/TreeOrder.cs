namespace Keel.Explain;

/// <summary>
/// The trees' nodes in preorder, each with its parent's split, for <see cref="LeafShap"/>: the
/// slots a row fails on the way to every node come from one linear, branch-free pass (a node's
/// failed mask is its parent's, plus the parent's slot bit when the row goes the other way),
/// so the sequence of work per tree is the same for every row and no stack is needed. The way
/// a row goes is turned into a mask rather than a branch: it is a coin flip per node, and a
/// mispredicted branch costs more than the whole update.
/// Entries are numbered per tree from 0 (the root); leaves are numbered globally, tree by tree.
/// </summary>
internal sealed class TreeOrder
{
    private readonly List<int> _entryStart = [];
    private readonly List<Entry> _entries = [];
    private readonly List<int> _leafStart = [];
    private readonly List<int> _leafEntry = [];

    public int[] EntryStart { get; private set; } = [];

    /// <summary>The entries of all trees, tree by tree, each tree's in preorder.</summary>
    public Entry[] Entries { get; private set; } = [];

    /// <summary>Tree t's leaves are LeafStart[t] .. LeafStart[t + 1] − 1.</summary>
    public int[] LeafStart { get; private set; } = [];

    /// <summary>Per leaf: its entry within its tree.</summary>
    public int[] LeafEntry { get; private set; } = [];

    /// <summary>The most entries in one tree.</summary>
    public int MaxEntries { get; private set; }

    /// <summary>The most leaves in one tree.</summary>
    public int MaxLeaves { get; private set; }

    public void StartTree(int firstLeaf)
    {
        _entryStart.Add(_entries.Count);
        _leafStart.Add(firstLeaf);
    }

    /// <summary>Adds a node below the parent entry (ignored for the root); returns its entry within the tree.</summary>
    public int Add(int parent, int parentSlot, float parentThreshold, bool left, ulong parentBit)
    {
        var entry = _entries.Count - _entryStart[^1];
        _entries.Add(new Entry(entry == 0 ? 0 : parent, parentSlot, parentThreshold, parentBit, left ? ulong.MaxValue : 0));
        return entry;
    }

    public void AddLeaf(int entry) => _leafEntry.Add(entry);

    public void Finish()
    {
        _entryStart.Add(_entries.Count);
        _leafStart.Add(_leafEntry.Count);
        EntryStart = [.. _entryStart];
        Entries = [.. _entries];
        LeafStart = [.. _leafStart];
        LeafEntry = [.. _leafEntry];
        for (var t = 0; t + 1 < EntryStart.Length; t++)
        {
            MaxEntries = Math.Max(MaxEntries, EntryStart[t + 1] - EntryStart[t]);
            MaxLeaves = Math.Max(MaxLeaves, LeafStart[t + 1] - LeafStart[t]);
        }
    }

    /// <summary>
    /// A node as its parent's split sees it, in one struct so the pass reads one cache line per node.
    /// </summary>
    /// <param name="Parent">The parent's entry within the tree (the root points at itself).</param>
    /// <param name="Slot">The parent's split slot.</param>
    /// <param name="Threshold">The parent's threshold.</param>
    /// <param name="ParentBit">The tree-level bit of the parent's split slot (0 for the root).</param>
    /// <param name="LeftChild">All ones for a left child, 0 for a right child: a row fails the parent's slot when its way differs.</param>
    public readonly record struct Entry(int Parent, int Slot, float Threshold, ulong ParentBit, ulong LeftChild);
}
