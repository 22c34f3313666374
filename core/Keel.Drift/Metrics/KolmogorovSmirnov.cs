using Keel.Drift.Profiles;

namespace Keel.Drift.Metrics;

/// <summary>
/// The two-sample Kolmogorov–Smirnov test: D = sup |F₁(x) − F₂(x)| and the asymptotic p-value
/// Q_KS((√nₑ + 0.12 + 0.11/√nₑ)·D) with nₑ = n₁n₂/(n₁+n₂) (Stephens' correction, the formula of
/// Numerical Recipes and of scipy's ks_2samp before 1.5; scipy's mode='asymp' now evaluates the
/// one-sample distribution at round(nₑ), which agrees to about 1e-3 at the sizes drift compares).
/// </summary>
public static class KolmogorovSmirnov
{
    public static TestResult TwoSample(EmpiricalDistribution reference, EmpiricalDistribution current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.IsEmpty || current.IsEmpty)
        {
            throw new ArgumentException("the Kolmogorov–Smirnov test needs two non-empty samples");
        }
        var d = Statistic(reference, current);
        return new TestResult(d, PValue(d, reference.TotalWeight, current.TotalWeight));
    }

    public static double Statistic(EmpiricalDistribution reference, EmpiricalDistribution current)
    {
        double d = 0;
        // Both CDFs are steps that only move at sample values, so the supremum is reached at one of them.
        foreach (var x in reference.Values.Concat(current.Values))
        {
            d = Math.Max(d, Math.Abs(reference.Cdf(x) - current.Cdf(x)));
        }
        return d;
    }

    public static double PValue(double d, double n1, double n2)
    {
        var effective = Math.Sqrt(n1 * n2 / (n1 + n2));
        return KolmogorovSurvival((effective + 0.12 + 0.11 / effective) * d);
    }

    /// <summary>
    /// Q_KS(λ) = P(K &gt; λ) of the Kolmogorov distribution (scipy's kstwobign.sf): the alternating
    /// series 2Σ(−1)^(k−1)e^(−2k²λ²) converges fast for large λ; below 1.18 the theta-function form
    /// 1 − (√(2π)/λ)Σe^(−(2k−1)²π²/(8λ²)) does.
    /// </summary>
    public static double KolmogorovSurvival(double lambda)
    {
        if (double.IsNaN(lambda))
        {
            return double.NaN;
        }
        if (lambda <= 0)
        {
            return 1;
        }
        double sum = 0;
        if (lambda < 1.18)
        {
            var t = -Math.PI * Math.PI / (8 * lambda * lambda);
            for (var k = 1; k < 100; k++)
            {
                var term = Math.Exp((2 * k - 1) * (2 * k - 1) * t);
                sum += term;
                if (term < 1e-17 * sum)
                {
                    break;
                }
            }
            return Math.Clamp(1 - Math.Sqrt(2 * Math.PI) / lambda * sum, 0, 1);
        }
        for (var k = 1; k < 100; k++)
        {
            var term = Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += k % 2 == 1 ? term : -term;
            if (term < 1e-17)
            {
                break;
            }
        }
        return Math.Clamp(2 * sum, 0, 1);
    }
}
