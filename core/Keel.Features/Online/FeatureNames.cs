namespace Keel.Features.Online;

/// <summary>
/// The ordered feature names of a write, with each name's position. One instance is shared by
/// every record written with the same names, so a record in memory holds only its values.
/// </summary>
internal sealed class FeatureNames
{
    private readonly string[] _names;
    private readonly Dictionary<string, int> _positions;

    public FeatureNames(IReadOnlyList<string> names)
    {
        OnlineStoreArguments.CheckFeatureNames(names);
        _names = [.. names];
        _positions = new Dictionary<string, int>(_names.Length, StringComparer.Ordinal);
        for (var i = 0; i < _names.Length; i++)
        {
            _positions.Add(_names[i], i);
        }
    }

    public int Count => _names.Length;

    public string this[int position] => _names[position];

    public IReadOnlyList<string> All => _names;

    public bool TryGetPosition(string name, out int position) => _positions.TryGetValue(name, out position);
}
