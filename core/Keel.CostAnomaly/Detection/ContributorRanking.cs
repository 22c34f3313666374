namespace Keel.CostAnomaly.Detection;

/// <summary>Names what drove an anomalous hour: the contributors that rose most over their usual share.</summary>
public static class ContributorRanking
{
    public static IReadOnlyList<ContributorRise> Top(
        IReadOnlyDictionary<string, decimal> observed, IReadOnlyDictionary<string, double> shares, double expectedTotal, int count)
    {
        var rises = new List<ContributorRise>();
        foreach (var name in observed.Keys.Union(shares.Keys))
        {
            var expected = Money.Round(shares.GetValueOrDefault(name) * expectedTotal);
            var rise = new ContributorRise(name, observed.GetValueOrDefault(name), expected);
            if (rise.Rise > 0)
            {
                rises.Add(rise);
            }
        }
        return rises
            .OrderByDescending(r => r.Rise)
            .ThenBy(r => r.Contributor, StringComparer.Ordinal)
            .Take(count)
            .ToList();
    }
}
