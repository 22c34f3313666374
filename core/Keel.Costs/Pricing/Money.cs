namespace Keel.Costs.Pricing;

/// <summary>
/// The one rounding rule: amounts stay unrounded (carried at <see cref="CarriedDecimals"/> places)
/// through pricing, attribution and totals, and are rounded to the currency's minor unit only when shown, half to even
/// (banker's rounding). Half-to-even keeps the sum of many rounded rows free of the upward
/// drift half-away-from-zero gives, and rounding only at the end keeps every total equal to
/// usage times price to the minor unit.
/// </summary>
public static class Money
{
    public const MidpointRounding Rule = MidpointRounding.ToEven;

    /// <summary>
    /// Decimal places a priced amount is carried at, far below any minor unit. Decimal keeps 28-29
    /// significant digits, so unbounded products would round in their last digit when summed and
    /// two groupings of the same lines could differ; at 12 places every sum is exact.
    /// </summary>
    public const int CarriedDecimals = 12;

    public static decimal Carry(decimal amount) => Math.Round(amount, CarriedDecimals, Rule);

    public static decimal Round(decimal amount, Currency currency) => Math.Round(amount, currency.MinorUnits, Rule);

    public static string Format(decimal amount, Currency currency) =>
        Round(amount, currency).ToString("F" + currency.MinorUnits, System.Globalization.CultureInfo.InvariantCulture);
}
