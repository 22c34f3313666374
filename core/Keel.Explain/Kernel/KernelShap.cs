namespace Keel.Explain;

/// <summary>
/// KernelSHAP's regression (Lundberg &amp; Lee 2017): the φ minimising
/// Σ_k w_k (v(S_k) − E − Σ_{j∈S_k} φ_j)² subject to Σ φ_j = f(x) − E, the efficiency constraint
/// that makes the contributions add up to the score exactly. The constraint is substituted into
/// the problem (φ_last = f(x) − E − Σ others), leaving an unconstrained weighted least squares.
/// </summary>
internal static class KernelShap
{
    /// <param name="masks">Coalition k: which features are taken from the explained row.</param>
    /// <param name="weights">The kernel weight of each coalition.</param>
    /// <param name="values">v(S_k): the mean score with the coalition's features from the row and the rest from the background.</param>
    /// <param name="expected">v(∅): the mean background score.</param>
    /// <param name="score">v(all): the row's own score.</param>
    public static double[] Solve(bool[][] masks, double[] weights, double[] values, double expected, double score, int features)
    {
        var phi = new double[features];
        var delta = score - expected;
        if (features == 1)
        {
            phi[0] = delta;
            return phi;
        }
        var last = features - 1;
        var n = features - 1;
        var a = new double[n, n];
        var b = new double[n];
        var z = new double[n];
        for (var k = 0; k < masks.Length; k++)
        {
            var mask = masks[k];
            var zLast = mask[last] ? 1.0 : 0.0;
            for (var j = 0; j < n; j++)
            {
                z[j] = (mask[j] ? 1.0 : 0.0) - zLast;
            }
            var y = values[k] - expected - (zLast * delta);
            var w = weights[k];
            for (var i = 0; i < n; i++)
            {
                if (z[i] == 0)
                {
                    continue;
                }
                b[i] += w * z[i] * y;
                for (var j = 0; j < n; j++)
                {
                    a[i, j] += w * z[i] * z[j];
                }
            }
        }
        var solved = SolveSymmetric(a, b);
        var sum = 0.0;
        for (var j = 0; j < n; j++)
        {
            phi[j] = solved[j];
            sum += solved[j];
        }
        phi[last] = delta - sum;
        return phi;
    }

    /// <summary>Gaussian elimination with partial pivoting; a tiny ridge keeps a feature no sample varied from making it singular.</summary>
    private static double[] SolveSymmetric(double[,] a, double[] b)
    {
        var n = b.Length;
        var scale = 0.0;
        for (var i = 0; i < n; i++)
        {
            scale = Math.Max(scale, Math.Abs(a[i, i]));
        }
        for (var i = 0; i < n; i++)
        {
            a[i, i] += 1e-12 * Math.Max(scale, 1e-300);
        }
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
            {
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = r;
                }
            }
            if (pivot != col)
            {
                for (var c = 0; c < n; c++)
                {
                    (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
                }
                (b[col], b[pivot]) = (b[pivot], b[col]);
            }
            for (var r = col + 1; r < n; r++)
            {
                var factor = a[r, col] / a[col, col];
                if (factor == 0)
                {
                    continue;
                }
                for (var c = col; c < n; c++)
                {
                    a[r, c] -= factor * a[col, c];
                }
                b[r] -= factor * b[col];
            }
        }
        var x = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var sum = b[r];
            for (var c = r + 1; c < n; c++)
            {
                sum -= a[r, c] * x[c];
            }
            x[r] = sum / a[r, r];
        }
        return x;
    }
}
