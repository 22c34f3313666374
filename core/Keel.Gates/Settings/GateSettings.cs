namespace Keel.Gates.Settings;

/// <summary>
/// One gate's section of the spec's <c>gates</c> map (<c>gates.bias.min_group_size: 50</c>), read
/// with defaults. Every reader names the setting in its error, and <see cref="EnsureKnown"/> turns
/// a misspelt key into an error instead of a silently ignored setting.
/// </summary>
public sealed class GateSettings
{
    /// <summary>The key every gate accepts: <c>enabled: false</c> skips the gate, and the report says so.</summary>
    public const string EnabledKey = "enabled";

    private readonly IReadOnlyDictionary<string, object?> _values;

    public GateSettings(string gate, IReadOnlyDictionary<string, object?>? values)
    {
        Gate = gate;
        _values = values ?? new Dictionary<string, object?>();
    }

    public string Gate { get; }

    public IEnumerable<string> Keys => _values.Keys;

    public bool Has(string key) => _values.ContainsKey(key);

    public bool Enabled => Boolean(EnabledKey, true);

    public string PathOf(string key) => $"gates.{Gate}.{key}";

    /// <summary>A number; <paramref name="fallback"/> when the key is absent.</summary>
    public double Number(string key, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        if (!_values.TryGetValue(key, out var value))
        {
            return fallback;
        }
        if (SettingValues.IsNull(value))
        {
            throw new GateSettingsException($"{PathOf(key)}: expected a number, got nothing");
        }
        return InRange(key, SettingValues.ToDouble(value, PathOf(key)), min, max);
    }

    /// <summary>
    /// A threshold: <paramref name="fallback"/> when the key is absent, and null (not checked)
    /// when the spec sets it to null on purpose.
    /// </summary>
    public double? Threshold(string key, double? fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        if (!_values.TryGetValue(key, out var value))
        {
            return fallback;
        }
        return SettingValues.IsNull(value) ? null : InRange(key, SettingValues.ToDouble(value, PathOf(key)), min, max);
    }

    public int Integer(string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!_values.TryGetValue(key, out var value))
        {
            return fallback;
        }
        var number = SettingValues.ToInt(value, PathOf(key));
        return number >= min && number <= max
            ? number
            : throw new GateSettingsException($"{PathOf(key)}: {number} is out of range; expected {min} to {max}");
    }

    public bool Boolean(string key, bool fallback) =>
        _values.TryGetValue(key, out var value) ? SettingValues.ToBool(value, PathOf(key)) : fallback;

    /// <summary>One of a fixed set of words (case-insensitive); returned in lower case.</summary>
    public string? Choice(string key, string? fallback, params string[] allowed)
    {
        if (!_values.TryGetValue(key, out var value) || SettingValues.IsNull(value))
        {
            return fallback;
        }
        var text = SettingValues.ToText(value, PathOf(key)).ToLowerInvariant();
        return allowed.Contains(text)
            ? text
            : throw new GateSettingsException($"{PathOf(key)}: '{text}' is not one of {string.Join(", ", allowed)}");
    }

    /// <summary>A map setting (<c>buckets: {Age: [25, 40]}</c>); empty when absent.</summary>
    public IReadOnlyDictionary<string, object?> Map(string key)
    {
        if (!_values.TryGetValue(key, out var value) || SettingValues.IsNull(value))
        {
            return new Dictionary<string, object?>();
        }
        return SettingValues.AsMap(value) ?? throw new GateSettingsException($"{PathOf(key)}: expected a map, got {SettingValues.Describe(value)}");
    }

    /// <summary>Throws when a key is not one the gate reads, listing the ones it does.</summary>
    public void EnsureKnown(params string[] known)
    {
        var unknown = _values.Keys.Where(k => k != EnabledKey && !known.Contains(k, StringComparer.Ordinal)).ToArray();
        if (unknown.Length > 0)
        {
            var accepted = known.Length == 0 ? "none but 'enabled'" : string.Join(", ", known.Append(EnabledKey));
            throw new GateSettingsException($"gates.{Gate}: unknown setting{(unknown.Length > 1 ? "s" : "")} {string.Join(", ", unknown.Select(k => $"'{k}'"))}; accepted: {accepted}");
        }
    }

    private double InRange(string key, double value, double min, double max) =>
        value >= min && value <= max
            ? value
            : throw new GateSettingsException($"{PathOf(key)}: {value} is out of range; expected {Bound(min)} to {Bound(max)}");

    private static string Bound(double value) =>
        value == double.MinValue ? "-∞" : value == double.MaxValue ? "∞" : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
