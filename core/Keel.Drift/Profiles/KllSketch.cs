using System.Text.Json.Serialization;

namespace Keel.Drift.Profiles;

/// <summary>
/// KLL quantile sketch with a sampler (Karnin, Lang and Liberty, 2016, §3): a stack of compactors
/// where an item on level h stands for 2^h inputs. A full level is sorted and every other item (odd
/// or even, by a coin from a seeded SplitMix64) moves up a level. Level capacities shrink by 2/3
/// going down from the top, never below 8, and at most <see cref="MaxLevelCount"/> levels are kept:
/// when the sketch would need one more, its lowest level is compacted away and inputs reach the new
/// lowest level s through a sampler that keeps one input out of each block of 2^s, picked uniformly.
/// So the capacity is a constant of k (596 items at k = 200) whatever the input size, and the rank
/// error is about 1.3% at k = 200 with 99% confidence. The sampler's unfinished block is kept as one
/// item weighing the inputs it has seen, so total weight always equals <see cref="Count"/>.
/// Results depend only on the inputs, their order and the seed; the coin's state is part of the
/// JSON, so a stored sketch continues identically.
/// </summary>
public sealed class KllSketch
{
    public const int DefaultK = 200;

    private const int MinLevelCapacity = 8;
    private const double CapacityRatio = 2.0 / 3.0;
    private const int MaxHeight = 62;

    // Levels below the last one of capacity ≥ 8 would hold 8 items each at weights ever smaller
    // than the top's; two of them, then the sampler, add about k / 2^(L+2) of the top levels'
    // variance (5% at k = 200), far less than one more level at the top would remove.
    private const int LevelsBelowMinimumWidth = 2;

    private readonly List<List<double>> _levels;
    private readonly int[] _levelCapacities;
    private ulong _randomState;
    private int _lowestLevel;
    private long _pendingWeight;
    private double _pendingItem;
    private int _retained;
    private int _capacity;

    public KllSketch(int k = DefaultK, ulong seed = 0)
    {
        if (k < MinLevelCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be at least {MinLevelCapacity}");
        }
        K = k;
        _randomState = seed;
        _levels = [[]];
        _levelCapacities = new int[MaxHeight];
        var levels = 0;
        for (var depth = 0; depth < MaxHeight; depth++)
        {
            var width = K * Math.Pow(CapacityRatio, depth);
            _levelCapacities[depth] = Math.Max(MinLevelCapacity, (int)Math.Ceiling(width));
            if (width >= MinLevelCapacity)
            {
                levels = depth + 1;
            }
        }
        MaxLevelCount = levels + LevelsBelowMinimumWidth;
        FullCapacity = _levelCapacities.Take(MaxLevelCount).Sum();
        _capacity = TotalCapacity();
    }

    /// <summary>
    /// Restores a stored sketch. Sketches stored before the sampler existed have no
    /// <paramref name="lowestLevel"/> or pending item and read as they were written; one with more
    /// than <see cref="MaxLevelCount"/> levels is answered as stored and lifted on its next add or merge.
    /// </summary>
    [JsonConstructor]
    public KllSketch(int k, long count, ulong randomState, IReadOnlyList<IReadOnlyList<double>> levels,
        int lowestLevel = 0, long pendingWeight = 0, double? pendingItem = null)
        : this(k, randomState)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (lowestLevel < 0 || levels.Count == 0 || lowestLevel + levels.Count > MaxHeight)
        {
            throw new ArgumentException($"a sketch has 1 to {MaxHeight} levels between heights 0 and {MaxHeight - 1}, got {levels.Count} from height {lowestLevel}", nameof(levels));
        }
        if (pendingWeight < 0 || pendingWeight >= 1L << lowestLevel)
        {
            throw new ArgumentOutOfRangeException(nameof(pendingWeight), pendingWeight, $"the sampler's pending weight must be in [0, 2^{lowestLevel})");
        }
        if ((pendingWeight > 0) != pendingItem.HasValue || (pendingItem is { } item && !double.IsFinite(item)))
        {
            throw new ArgumentException("the sampler holds one finite item exactly when its pending weight is positive", nameof(pendingItem));
        }
        _levels.Clear();
        _lowestLevel = lowestLevel;
        _pendingWeight = pendingWeight;
        _pendingItem = pendingItem ?? 0;
        var weight = pendingWeight;
        for (var h = 0; h < levels.Count; h++)
        {
            var level = new List<double>(levels[h]);
            if (level.Exists(v => !double.IsFinite(v)))
            {
                throw new ArgumentException($"level {lowestLevel + h} holds a value that is not finite", nameof(levels));
            }
            weight += (long)level.Count << (lowestLevel + h);
            _retained += level.Count;
            _levels.Add(level);
        }
        if (weight != count)
        {
            throw new ArgumentException($"the levels and the sampler weigh {weight} but the count is {count}", nameof(count));
        }
        Count = count;
        _capacity = TotalCapacity();
    }

    /// <summary>The accuracy parameter: the capacity of the top level.</summary>
    public int K { get; }

    /// <summary>How many values were added (including those of merged sketches).</summary>
    public long Count { get; private set; }

    public ulong RandomState => _randomState;

    /// <summary>The height of <c>Levels[0]</c>; above 0 once the sampler feeds the sketch.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int LowestLevel => _lowestLevel;

    /// <summary>The retained items per level from <see cref="LowestLevel"/> up; an item on level <c>LowestLevel + i</c> weighs 2^(LowestLevel + i). The lowest level is unsorted.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Levels => _levels;

    /// <summary>How many inputs the sampler's unfinished block has seen (less than 2^<see cref="LowestLevel"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long PendingWeight => _pendingWeight;

    /// <summary>The input the sampler holds for its unfinished block, picked uniformly among them; null when the block is empty.</summary>
    public double? PendingItem => _pendingWeight > 0 ? _pendingItem : null;

    [JsonIgnore]
    public int RetainedItems => _retained + (_pendingWeight > 0 ? 1 : 0);

    /// <summary>How many items the sketch may hold before it compacts: <see cref="FullCapacity"/>, except for a stored sketch from before the sampler until its next add.</summary>
    [JsonIgnore]
    public int Capacity => _capacity;

    /// <summary>The capacity of a sketch with <see cref="MaxLevelCount"/> levels, which every sketch of this k has from its first item.</summary>
    [JsonIgnore]
    public int FullCapacity { get; }

    /// <summary>The most levels the sketch keeps: those of capacity k·(2/3)^depth ≥ 8, plus two (10 at k = 200).</summary>
    [JsonIgnore]
    public int MaxLevelCount { get; }

    [JsonIgnore]
    public int LevelCount => _levels.Count;

    /// <summary>True while nothing has been compacted or sampled, so every answer is exact.</summary>
    [JsonIgnore]
    public bool IsExact => _lowestLevel == 0 && _levels.Count == 1;

    /// <summary>
    /// The normalised rank error the sketch stays within with 99% confidence for a given k, using
    /// the empirical fit Apache DataSketches publishes for KLL (2.296 / k^0.9723; 1.33% at k = 200).
    /// The sampler below the kept levels adds about 5% to the variance at k = 200, within the fit's margin.
    /// </summary>
    public static double NormalizedRankError(int k) => 2.296 / Math.Pow(k, 0.9723);

    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "a sketch takes finite values only");
        }
        if (_lowestLevel == 0)
        {
            _levels[0].Add(value);
            _retained++;
        }
        else
        {
            Sample(value, 1);
        }
        Count++;
        if (_retained >= _capacity || _levels.Count > MaxLevelCount)
        {
            Compress();
        }
    }

    public void Merge(KllSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.K != K)
        {
            throw new ArgumentException($"cannot merge a sketch with k = {other.K} into one with k = {K}", nameof(other));
        }
        // Lifting changes a sketch, and the other one must come out of the merge as it went in.
        var theirs = other.Clone();
        var top = Math.Max(TopLevel, theirs.TopLevel);
        var lowest = Math.Max(Math.Max(_lowestLevel, theirs._lowestLevel), top - MaxLevelCount + 1);
        Lift(lowest);
        theirs.Lift(lowest);
        while (TopLevel < top)
        {
            Grow();
        }
        for (var i = 0; i < theirs._levels.Count; i++)
        {
            _levels[i].AddRange(theirs._levels[i]);
            _retained += theirs._levels[i].Count;
        }
        if (theirs._pendingWeight > 0)
        {
            Sample(theirs._pendingItem, theirs._pendingWeight);
        }
        Count += other.Count;
        Compress();
    }

    /// <summary>The retained items as a weighted distribution; exact while <see cref="IsExact"/>.</summary>
    public EmpiricalDistribution ToDistribution()
    {
        var items = new List<(double Value, double Weight)>(RetainedItems);
        for (var i = 0; i < _levels.Count; i++)
        {
            double weight = 1L << (_lowestLevel + i);
            foreach (var value in _levels[i])
            {
                items.Add((value, weight));
            }
        }
        if (_pendingWeight > 0)
        {
            items.Add((_pendingItem, _pendingWeight));
        }
        return EmpiricalDistribution.FromWeighted(items);
    }

    internal KllSketch Clone() => new(K, Count, _randomState, _levels, _lowestLevel, _pendingWeight, PendingItem);

    private int TopLevel => _lowestLevel + _levels.Count - 1;

    private void Compress()
    {
        while (_levels.Count > MaxLevelCount)
        {
            LiftOnce();
        }
        // Any total over capacity means some level is over its own capacity, so each pass frees at least 4 items.
        while (_retained >= _capacity)
        {
            for (var i = 0; i < _levels.Count; i++)
            {
                if (_levels[i].Count < LevelCapacity(i))
                {
                    continue;
                }
                if (i + 1 == _levels.Count)
                {
                    if (_levels.Count == MaxLevelCount)
                    {
                        LiftOnce();
                        i--;
                    }
                    Grow();
                }
                CompactLevel(i);
                // Lazy: stop at the lowest level that freed enough room, as Liberty's reference implementation does.
                if (_retained < _capacity)
                {
                    return;
                }
            }
        }
    }

    private void Lift(int lowestLevel)
    {
        while (_lowestLevel < lowestLevel)
        {
            LiftOnce();
        }
    }

    /// <summary>
    /// Hands the lowest level to the sampler: half its items move up by compaction, and the odd one
    /// left over joins the sampler's unfinished block, now twice as long, with its weight.
    /// </summary>
    private void LiftOnce()
    {
        if (_levels.Count == 1)
        {
            Grow();
        }
        CompactLevel(0);
        var weight = 1L << _lowestLevel;
        var leftover = _levels[0];
        _levels.RemoveAt(0);
        _retained -= leftover.Count;
        _lowestLevel++;
        _capacity = TotalCapacity();
        // The old block weighs under 2^s and the leftover 2^s, so the new block of 2^(s+1) cannot fill.
        foreach (var value in leftover)
        {
            Sample(value, weight);
        }
    }

    /// <summary>
    /// Feeds an item of the given weight to the sampler, cutting it at block boundaries. Within a block
    /// the held item is replaced with probability (its weight) / (the block's weight so far), so each
    /// finished block promotes an input picked uniformly, and the unfinished one stands for its inputs without bias.
    /// </summary>
    private void Sample(double value, long weight)
    {
        var block = 1L << _lowestLevel;
        while (weight > 0)
        {
            var take = Math.Min(weight, block - _pendingWeight);
            _pendingWeight += take;
            if (take == _pendingWeight || (long)Math.BigMul(NextRandom(), (ulong)_pendingWeight, out _) < take)
            {
                _pendingItem = value;
            }
            weight -= take;
            if (_pendingWeight == block)
            {
                _levels[0].Add(_pendingItem);
                _retained++;
                _pendingWeight = 0;
            }
        }
    }

    private void CompactLevel(int index)
    {
        var level = _levels[index];
        level.Sort();
        double? heldBack = null;
        if (level.Count % 2 == 1)
        {
            heldBack = level[^1];
            level.RemoveAt(level.Count - 1);
        }
        var offset = (int)(NextRandom() >> 63);
        var above = _levels[index + 1];
        for (var i = offset; i < level.Count; i += 2)
        {
            above.Add(level[i]);
        }
        _retained -= level.Count / 2;
        level.Clear();
        if (heldBack is { } value)
        {
            level.Add(value);
        }
    }

    private void Grow()
    {
        if (TopLevel + 1 == MaxHeight)
        {
            throw new InvalidOperationException($"the sketch cannot weigh more than 2^{MaxHeight} items");
        }
        _levels.Add([]);
        _capacity = TotalCapacity();
    }

    /// <summary>
    /// k·(2/3)^depth below the top, at least 8. While the sketch has fewer than <see cref="MaxLevelCount"/>
    /// levels, its lowest level also takes the capacity of the levels it does not have yet, so the
    /// sketch's size does not depend on how many values it has seen, and the extra room only delays
    /// compactions of the lightest items.
    /// </summary>
    private int LevelCapacity(int index)
    {
        var capacity = _levelCapacities[_levels.Count - 1 - index];
        return index == 0 ? capacity + Math.Max(0, FullCapacity - NominalCapacity()) : capacity;
    }

    private int NominalCapacity()
    {
        var total = 0;
        for (var depth = 0; depth < _levels.Count; depth++)
        {
            total += _levelCapacities[depth];
        }
        return total;
    }

    private int TotalCapacity() => Math.Max(FullCapacity, NominalCapacity());

    // SplitMix64 (Steele, Lea and Flood): one 64-bit state, so the coin is reproducible and serialisable.
    private ulong NextRandom()
    {
        _randomState += 0x9E3779B97F4A7C15UL;
        var z = _randomState;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
