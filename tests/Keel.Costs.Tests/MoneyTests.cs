using Keel.Costs.Pricing;

namespace Keel.Costs.Tests;

public class MoneyTests
{
    private static readonly Currency Eur = new("EUR", 2);

    [Theory]
    [InlineData("0.125", "0.12")]
    [InlineData("0.135", "0.14")]
    [InlineData("2.5049999", "2.50")]
    [InlineData("-0.125", "-0.12")]
    public void Amounts_round_half_to_even_at_the_minor_unit(string amount, string shown)
    {
        Assert.Equal(shown, Money.Format(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), Eur));
    }

    [Fact]
    public void A_currency_without_minor_units_rounds_to_whole_units()
    {
        Assert.Equal("2", Money.Format(2.5m, new Currency("JPY", 0)));
        Assert.Equal("4", Money.Format(3.5m, new Currency("JPY", 0)));
    }
}
