using System.Collections.Frozen;

namespace Keel.Costs.Pricing;

/// <summary>An ISO 4217 currency and the number of decimal places of its minor unit.</summary>
public sealed record Currency(string Code, int MinorUnits)
{
    // The currencies a price book is likely to use; any other needs its minor units stated.
    private static readonly FrozenDictionary<string, int> Known = new Dictionary<string, int>
    {
        ["USD"] = 2, ["EUR"] = 2, ["GBP"] = 2, ["CHF"] = 2, ["CAD"] = 2, ["AUD"] = 2, ["NZD"] = 2,
        ["SEK"] = 2, ["NOK"] = 2, ["DKK"] = 2, ["PLN"] = 2, ["CZK"] = 2, ["INR"] = 2, ["CNY"] = 2,
        ["SGD"] = 2, ["HKD"] = 2, ["BRL"] = 2, ["MXN"] = 2, ["ZAR"] = 2,
        ["JPY"] = 0, ["KRW"] = 0, ["ISK"] = 0,
        ["KWD"] = 3, ["BHD"] = 3, ["JOD"] = 3, ["OMR"] = 3, ["TND"] = 3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool TryKnownMinorUnits(string code, out int minorUnits) => Known.TryGetValue(code, out minorUnits);

    public override string ToString() => Code;
}
