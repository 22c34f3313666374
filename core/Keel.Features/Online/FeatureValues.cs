using System.Collections;

namespace Keel.Features.Online;

/// <summary>
/// A record's values by feature name: a shared <see cref="FeatureNames"/> plus one array, so
/// reading a record hands out the stored instance instead of building a dictionary. It is
/// immutable, which is what makes sharing it between concurrent readers safe.
/// </summary>
internal sealed class FeatureValues : IReadOnlyDictionary<string, object?>
{
    private readonly FeatureNames _names;
    private readonly object?[] _values;

    private FeatureValues(FeatureNames names, object?[] values)
    {
        _names = names;
        _values = values;
    }

    /// <summary>Copies a row's values, with timestamps as their UTC instant as every store returns them.</summary>
    public static FeatureValues Copy(FeatureNames names, IReadOnlyList<object?> values)
    {
        var copy = new object?[names.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = FeatureValueCodec.Normalize(values[i]);
        }
        return new FeatureValues(names, copy);
    }

    /// <summary>Takes ownership of <paramref name="values"/>, which nobody may change afterwards.</summary>
    public static FeatureValues Own(FeatureNames names, object?[] values)
    {
        if (values.Length != names.Count)
        {
            throw new ArgumentException($"{values.Length} values for {names.Count} features.", nameof(values));
        }
        return new FeatureValues(names, values);
    }

    public int Count => _values.Length;

    public IEnumerable<string> Keys => _names.All;

    public IEnumerable<object?> Values => _values;

    public object? this[string key] =>
        _names.TryGetPosition(key, out var position) ? _values[position] : throw new KeyNotFoundException($"No feature '{key}'.");

    public bool ContainsKey(string key) => _names.TryGetPosition(key, out _);

    public bool TryGetValue(string key, out object? value)
    {
        if (_names.TryGetPosition(key, out var position))
        {
            value = _values[position];
            return true;
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < _values.Length; i++)
        {
            yield return new KeyValuePair<string, object?>(_names[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
