namespace Keel.CostAnomaly.Detection;

/// <summary>Baselines are computed in doubles; amounts reported back are decimals to a hundredth of a cent.</summary>
public static class Money
{
    public static decimal Round(double amount) =>
        double.IsFinite(amount) ? Math.Round((decimal)Math.Clamp(amount, -1e15, 1e15), 4) : 0m;
}
