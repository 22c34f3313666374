namespace Keel.Drift.Detection;

/// <summary>The drift tests and distances, named as in Evidently's stattests.</summary>
public enum DriftMethod
{
    /// <summary>Two-sample Kolmogorov–Smirnov; numeric only; drift when p &lt; threshold (0.05).</summary>
    KolmogorovSmirnov,

    /// <summary>Chi-squared test of homogeneity of the two sides' counts; drift when p &lt; threshold (0.05).</summary>
    ChiSquared,

    /// <summary>Two-proportion z-test; two-valued columns; drift when p &lt; threshold (0.05).</summary>
    ZTest,

    /// <summary>Wasserstein-1 over the reference's standard deviation; numeric only; drift when ≥ threshold (0.1).</summary>
    Wasserstein,

    /// <summary>Jensen–Shannon distance (natural log); drift when ≥ threshold (0.1).</summary>
    JensenShannon,

    /// <summary>Population stability index on reference-quantile bins (numeric) or categories; drift when ≥ threshold (0.1).</summary>
    Psi,
}

public static class DriftMethods
{
    /// <summary>Whether the method's threshold applies to a p-value (drift below it) rather than to a distance (drift at or above it).</summary>
    public static bool IsTest(this DriftMethod method) =>
        method is DriftMethod.KolmogorovSmirnov or DriftMethod.ChiSquared or DriftMethod.ZTest;

    /// <summary>Evidently's default threshold for each method.</summary>
    public static double DefaultThreshold(this DriftMethod method) => method.IsTest() ? 0.05 : 0.1;
}
