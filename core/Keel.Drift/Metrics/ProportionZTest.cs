namespace Keel.Drift.Metrics;

/// <summary>
/// The two-proportion z-test with a pooled proportion, as Evidently's z-test:
/// z = (p₁ − p₂) / √(P(1−P)(1/n₁ + 1/n₂)) and the two-sided p = erfc(|z|/√2).
/// When both samples are all one value (P is 0 or 1) there is no spread to test: z = 0, p = 1.
/// </summary>
public static class ProportionZTest
{
    public static TestResult Test(double positives1, double n1, double positives2, double n2)
    {
        if (!(n1 > 0) || !(n2 > 0) || positives1 < 0 || positives2 < 0 || positives1 > n1 || positives2 > n2)
        {
            throw new ArgumentException($"the z-test needs 0 ≤ positives ≤ n and n > 0, got {positives1}/{n1} and {positives2}/{n2}");
        }
        var p1 = positives1 / n1;
        var p2 = positives2 / n2;
        var pooled = (positives1 + positives2) / (n1 + n2);
        var variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
        if (!(variance > 0))
        {
            return new TestResult(0, 1);
        }
        var z = (p1 - p2) / Math.Sqrt(variance);
        return new TestResult(z, SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2)));
    }
}
