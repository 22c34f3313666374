using Keel.Drift.Metrics;
using Keel.Drift.Profiles;

namespace Keel.Drift.Tests.Metrics;

public class DistanceTests
{
    [Fact]
    public void Jensen_Shannon_matches_scipys_documented_examples()
    {
        // scipy.spatial.distance.jensenshannon([1, 0, 0], [0, 1, 0], 2.0) → 1.0; ([1, 0], [0.5, 0.5]) → 0.46450140402245893.
        Assert.Equal(1.0, JensenShannon.Distance([1, 0, 0], [0, 1, 0], 2.0), 1e-15);
        Assert.Equal(0.46450140402245893, JensenShannon.Distance([1, 0], [0.5, 0.5]), 1e-15);
    }

    [Fact]
    public void Jensen_Shannon_of_disjoint_distributions_in_base_e_is_the_root_of_ln_2() =>
        Assert.Equal(Math.Sqrt(Math.Log(2)), JensenShannon.Distance([1, 0], [0, 1]), 1e-15);

    [Fact]
    public void Jensen_Shannon_normalises_its_inputs() =>
        Assert.Equal(JensenShannon.Distance([0.2, 0.8], [0.6, 0.4]), JensenShannon.Distance([2, 8], [30, 20]), 1e-15);

    [Fact]
    public void Wasserstein_matches_scipys_documented_examples()
    {
        // scipy.stats.wasserstein_distance([0, 1, 3], [5, 6, 8]) → 5.0
        Assert.Equal(5.0, Wasserstein.Distance(EmpiricalDistribution.FromValues([0, 1, 3]), EmpiricalDistribution.FromValues([5, 6, 8])), 1e-12);
        // wasserstein_distance([0, 1], [0, 1], [3, 1], [2, 2]) → 0.25
        Assert.Equal(0.25, Wasserstein.Distance(
            EmpiricalDistribution.FromWeighted([(0, 3), (1, 1)]),
            EmpiricalDistribution.FromWeighted([(0, 2), (1, 2)])), 1e-12);
        // wasserstein_distance([3.4, 3.9, 7.5, 7.8], [4.5, 1.4], [1.4, 0.9, 3.1, 7.2], [3.2, 3.5]) → 4.0781331438047861
        Assert.Equal(4.0781331438047861, Wasserstein.Distance(
            EmpiricalDistribution.FromWeighted([(3.4, 1.4), (3.9, 0.9), (7.5, 3.1), (7.8, 7.2)]),
            EmpiricalDistribution.FromWeighted([(4.5, 3.2), (1.4, 3.5)])), 1e-12);
    }

    [Fact]
    public void Normalised_Wasserstein_divides_by_the_references_population_standard_deviation()
    {
        var reference = Profile(0, 1, 3);
        var current = Profile(5, 6, 8);

        // The reference's population variance is 14/9.
        Assert.Equal(5.0 / Math.Sqrt(14.0 / 9), Wasserstein.NormalizedDistance(reference, current), 1e-12);
    }

    [Fact]
    public void Psi_of_known_shares()
    {
        // Σ (r − c)·ln(r/c) with r = ¼ each and c = 0.1, 0.2, 0.3, 0.4.
        Assert.Equal(0.22821740957339184, PopulationStabilityIndex.Compute([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4]), 1e-14);
        Assert.Equal(0, PopulationStabilityIndex.Compute([0.5, 0.5], [0.5, 0.5]));
        Assert.True(double.IsPositiveInfinity(PopulationStabilityIndex.Compute([0.5, 0.5], [1, 0])));
    }

    [Fact]
    public void Smoothing_fills_empty_bins_as_Evidently_does()
    {
        Assert.Equal([0.5, 0.0001, 0.5], Smoothing.FillZeros([0.5, 0, 0.5]));
        // When the smallest share is already tiny, empty bins get a millionth of it.
        Assert.Equal([0.99995, 0.00005, 0.00005 / 1e6], Smoothing.FillZeros([0.99995, 0.00005, 0]));
    }

    private static NumericProfile Profile(params double[] values)
    {
        var profile = new NumericProfile();
        foreach (var v in values)
        {
            profile.Add(v);
        }
        return profile;
    }
}
