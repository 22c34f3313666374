namespace Keel.Serving.Deployments;

/// <summary>
/// Counts of values in fixed bins: constant memory however many values are added, thread-safe adds,
/// and mergeable (replicas' histograms of the same layout add up to the histogram of all their values),
/// which is what streaming canary analysis needs from a quantile sketch.
/// </summary>
public sealed class Histogram
{
    private readonly long[] counts;

    public Histogram(HistogramLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        layout.EnsureValid();
        Layout = layout;
        counts = new long[layout.Bins];
    }

    /// <summary>Rebuilds a histogram from stored counts (e.g. one sent by another replica).</summary>
    public static Histogram FromCounts(HistogramLayout layout, IReadOnlyList<long> counts)
    {
        var histogram = new Histogram(layout);
        if (counts.Count != layout.Bins)
        {
            throw new ArgumentException($"{counts.Count} counts given for a layout of {layout.Bins} bins.", nameof(counts));
        }
        for (var i = 0; i < counts.Count; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(counts[i], nameof(counts));
            histogram.counts[i] = counts[i];
        }
        return histogram;
    }

    public HistogramLayout Layout { get; }

    /// <summary>How many values were added.</summary>
    public long Count
    {
        get
        {
            long total = 0;
            for (var i = 0; i < counts.Length; i++)
            {
                total += Interlocked.Read(ref counts[i]);
            }
            return total;
        }
    }

    /// <summary>A copy of the bin counts.</summary>
    public long[] Counts()
    {
        var copy = new long[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            copy[i] = Interlocked.Read(ref counts[i]);
        }
        return copy;
    }

    /// <summary>Counts a value; NaN is ignored (false), infinities go to the end bins.</summary>
    public bool Add(double value)
    {
        if (double.IsNaN(value))
        {
            return false;
        }
        Interlocked.Increment(ref counts[Layout.IndexOf(value)]);
        return true;
    }

    /// <summary>Adds the other histogram's counts to this one's.</summary>
    public void Merge(Histogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        EnsureSameLayout(other);
        var theirs = other.Counts();
        for (var i = 0; i < theirs.Length; i++)
        {
            Interlocked.Add(ref counts[i], theirs[i]);
        }
    }

    public Histogram Copy() => FromCounts(Layout, Counts());

    /// <summary>
    /// The value below which a fraction <paramref name="q"/> of the values lie, interpolated within its
    /// bin (linearly, or geometrically for a logarithmic layout); null when the histogram is empty.
    /// </summary>
    public double? Quantile(double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        var snapshot = Counts();
        long total = 0;
        foreach (var c in snapshot)
        {
            total += c;
        }
        if (total == 0)
        {
            return null;
        }
        var rank = q * total;
        long below = 0;
        for (var i = 0; i < snapshot.Length; i++)
        {
            if (snapshot[i] == 0)
            {
                continue;
            }
            if (below + snapshot[i] >= rank)
            {
                var fraction = Math.Clamp((rank - below) / snapshot[i], 0, 1);
                var lower = Layout.LowerEdge(i);
                var upper = Layout.UpperEdge(i);
                return Layout.Scale == HistogramScale.Linear
                    ? lower + fraction * (upper - lower)
                    : lower * Math.Pow(upper / lower, fraction);
            }
            below += snapshot[i];
        }
        return Layout.UpperEdge(snapshot.Length - 1);
    }

    internal void EnsureSameLayout(Histogram other)
    {
        if (other.Layout != Layout)
        {
            throw new ArgumentException($"Histograms of different layouts ({Layout} and {other.Layout}) cannot be merged or compared.");
        }
    }
}
