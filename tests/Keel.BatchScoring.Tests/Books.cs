using Keel.Costs.Pricing;

namespace Keel.BatchScoring.Tests;

/// <summary>Price books with CPU prices that change by the hour, as a spot or time-of-use tariff is written down.</summary>
public static class Books
{
    public static readonly DateTimeOffset Day = new(2025, 3, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A book whose CPU price is <paramref name="hourly"/>[h] from hour h of <see cref="Day"/> (and the last one after).</summary>
    public static PriceBook Hourly(params decimal[] hourly) => PriceBookBuilder.Build(Options(hourly), "test book");

    public static PriceBookOptions Options(params decimal[] hourly) => new()
    {
        Currency = "EUR",
        Prices = hourly.Select((price, hour) => new PriceOptions { Kind = "cpu", UnitPrice = price, EffectiveFrom = Day.AddHours(hour) }).ToList(),
    };

    /// <summary>The same book as configuration keys under Keel:Costs:PriceBook.</summary>
    public static Dictionary<string, string?> Settings(params decimal[] hourly)
    {
        var settings = new Dictionary<string, string?> { ["Keel:Costs:PriceBook:Currency"] = "EUR" };
        for (var hour = 0; hour < hourly.Length; hour++)
        {
            var at = $"Keel:Costs:PriceBook:Prices:{hour}:";
            settings[at + "Kind"] = "cpu";
            settings[at + "UnitPrice"] = hourly[hour].ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[at + "EffectiveFrom"] = Day.AddHours(hour).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }
        return settings;
    }
}
