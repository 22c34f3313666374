namespace Keel.Explain;

/// <summary>
/// The Shapley values of one leaf's product game (see <see cref="LeafShap"/>): d players (the
/// distinct slots on the leaf's path, by path position), zero fractions z, leaf value v.
/// Patterns are bit masks over path positions.
/// </summary>
internal static class LeafGame
{
    /// <summary>weights[d][s] = s!(d−1−s)!/d!: the Shapley weight of a coalition of s of the other d−1 players.</summary>
    public static double[][] Weights(int maxPlayers)
    {
        var weights = new double[maxPlayers + 1][];
        weights[0] = [];
        for (var d = 1; d <= maxPlayers; d++)
        {
            weights[d] = new double[d];
            for (var s = 0; s < d; s++)
            {
                // s!(d−1−s)!/d! = 1 / (d · C(d−1, s)).
                weights[d][s] = 1.0 / (d * Binomial(d - 1, s));
            }
        }
        return weights;
    }

    /// <summary>
    /// H(P) = v · Σ_s w(s) e_{|P|−s}(z_P). A pattern of all d players never occurs as H's argument
    /// (some player is always left out), so s stops at d − 1.
    /// </summary>
    public static double PatternValue(ReadOnlySpan<double> zero, ulong pattern, double value, double[] w, Span<double> poly)
    {
        var m = Multiply(zero, pattern, poly);
        var sum = 0.0;
        for (var s = 0; s <= Math.Min(m, zero.Length - 1); s++)
        {
            sum += w[s] * poly[m - s];
        }
        return value * sum;
    }

    /// <summary>
    /// Every player's value for the satisfied pattern <paramref name="ones"/> without a table,
    /// O(|O|²): the polynomials of O∖k come from dividing Π_{j∈O}(1 + z_j t) by (1 + z_k t),
    /// a stable recurrence because 0 ≤ z_k ≤ 1.
    /// </summary>
    public static void Contributions(ReadOnlySpan<double> zero, ulong ones, double value, double[] w, Span<double> poly, Span<double> contribution)
    {
        var d = zero.Length;
        var outside = Outside(zero, ones);
        contribution[..d].Clear();
        if (outside == 0)
        {
            return;
        }
        var m = Multiply(zero, ones, poly);
        var scale = value * outside;
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
            var z = zero[k];
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

    /// <summary>Z = Π_{k∉P} z_k: the chance the background passes the splits x fails.</summary>
    public static double Outside(ReadOnlySpan<double> zero, ulong pattern)
    {
        var outside = 1.0;
        for (var k = 0; k < zero.Length; k++)
        {
            outside *= (pattern & (1UL << k)) == 0 ? zero[k] : 1.0;
        }
        return outside;
    }

    /// <summary>Π_{k∈P}(1 + z_k t) into <paramref name="poly"/>; returns its degree |P|.</summary>
    private static int Multiply(ReadOnlySpan<double> zero, ulong pattern, Span<double> poly)
    {
        var m = 0;
        poly[0] = 1;
        for (var k = 0; k < zero.Length; k++)
        {
            if ((pattern & (1UL << k)) == 0)
            {
                continue;
            }
            var z = zero[k];
            poly[m + 1] = 0;
            for (var i = m + 1; i > 0; i--)
            {
                poly[i] += z * poly[i - 1];
            }
            m++;
        }
        return m;
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
