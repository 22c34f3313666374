namespace Keel.Drift.Tests;

/// <summary>Seeded samples, so every test sees the same data on every run.</summary>
internal static class Samples
{
    public static double[] Normal(int seed, int n, double mean = 0, double sd = 1)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            // Box–Muller; 1 − U keeps the logarithm's argument away from 0.
            var u1 = 1 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return values;
    }

    /// <summary>n draws of categories with the given probabilities.</summary>
    public static string[] Categories(int seed, int n, params (string Category, double Probability)[] distribution)
    {
        var random = new Random(seed);
        var values = new string[n];
        for (var i = 0; i < n; i++)
        {
            var u = random.NextDouble();
            var category = distribution[^1].Category;
            foreach (var (name, p) in distribution)
            {
                if (u < p)
                {
                    category = name;
                    break;
                }
                u -= p;
            }
            values[i] = category;
        }
        return values;
    }

    public static bool[] Bernoulli(int seed, int n, double p)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextDouble() < p).ToArray();
    }
}
