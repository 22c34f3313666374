using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Keel.Costs.Pricing;

/// <summary>
/// The price book file: YAML, or JSON (which YAML reads as well), with snake_case keys.
/// <code>
/// currency: EUR
/// prices:
///   - { kind: gpu, variant: a100, unit_price: 0.0009, effective_from: 2025-01-01T00:00:00Z }
/// </code>
/// </summary>
public static class PriceBookFile
{
    public static PriceBook Load(string path) => Parse(File.ReadAllText(path), path);

    /// <exception cref="PriceBookException">The text is not a price book or breaks a rule.</exception>
    public static PriceBook Parse(string text, string origin)
    {
        var problems = new List<string>();
        var options = Read(text, origin, problems);
        if (problems.Count > 0)
        {
            throw new PriceBookException(origin, problems);
        }
        return PriceBookBuilder.Build(options, origin);
    }

    private static PriceBookOptions Read(string text, string origin, List<string> problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new PriceBookException(origin, [$"line {ex.Start.Line}: {ex.Message}"]);
        }
        var options = new PriceBookOptions();
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problems.Add("the file must be a mapping with 'currency' and 'prices'.");
            return options;
        }
        foreach (var (keyNode, value) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            switch (key)
            {
                case "currency":
                    options.Currency = Scalar(value, key, problems);
                    break;
                case "minor_units":
                    options.MinorUnits = Parsed(value, key, problems, s => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture));
                    break;
                case "prices" when value is YamlSequenceNode list:
                    for (var i = 0; i < list.Children.Count; i++)
                    {
                        options.Prices.Add(Price(list.Children[i], $"prices[{i}]", problems));
                    }
                    break;
                case "prices":
                    problems.Add($"line {value.Start.Line}: 'prices' must be a list.");
                    break;
                default:
                    problems.Add($"line {keyNode.Start.Line}: unknown key '{key}'; expected currency, minor_units, prices.");
                    break;
            }
        }
        return options;
    }

    private static PriceOptions Price(YamlNode node, string at, List<string> problems)
    {
        var price = new PriceOptions();
        if (node is not YamlMappingNode map)
        {
            problems.Add($"line {node.Start.Line}: {at} must be a mapping.");
            return price;
        }
        foreach (var (keyNode, value) in map.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            var where = $"{at}.{key}";
            switch (key)
            {
                case "kind":
                    price.Kind = Scalar(value, where, problems);
                    break;
                case "variant":
                    price.Variant = Scalar(value, where, problems);
                    break;
                case "currency":
                    price.Currency = Scalar(value, where, problems);
                    break;
                case "unit_price":
                    price.UnitPrice = Parsed(value, where, problems, s => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture));
                    break;
                case "effective_from":
                    price.EffectiveFrom = Parsed(value, where, problems,
                        s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
                    break;
                default:
                    problems.Add($"line {keyNode.Start.Line}: unknown key '{where}'; expected kind, variant, unit_price, effective_from, currency.");
                    break;
            }
        }
        return price;
    }

    private static string? Scalar(YamlNode node, string where, List<string> problems)
    {
        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }
        problems.Add($"line {node.Start.Line}: {where} must be a single value.");
        return null;
    }

    private static T? Parsed<T>(YamlNode node, string where, List<string> problems, Func<string, T> parse)
        where T : struct
    {
        var text = Scalar(node, where, problems);
        if (text is null)
        {
            return null;
        }
        try
        {
            return parse(text);
        }
        catch (FormatException)
        {
            problems.Add($"line {node.Start.Line}: {where} '{text}' is not a valid {typeof(T).Name}.");
        }
        catch (OverflowException)
        {
            problems.Add($"line {node.Start.Line}: {where} '{text}' is out of range.");
        }
        return null;
    }
}
