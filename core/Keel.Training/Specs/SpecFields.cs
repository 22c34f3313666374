namespace Keel.Training;

/// <summary>
/// Reads the fields of one map of a spec document: typed getters that name the field in their
/// errors, and a final check that every key present was one the reader asked for.
/// </summary>
internal sealed class SpecFields
{
    private readonly SpecMap _map;
    private readonly string _origin;
    private readonly string _path;
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);

    public SpecFields(SpecNode node, string origin, string path)
    {
        _origin = origin;
        _path = path;
        _map = node as SpecMap ?? throw new TrainingSpecException(origin, path, node.Line, $"expected a map, got {node.Describe()}");
    }

    public string PathOf(string key) => _path.Length == 0 ? key : _path + "." + key;

    /// <summary>The value of a key; null when it is absent or written as null.</summary>
    public SpecNode? Node(string key)
    {
        _asked.Add(key);
        var node = _map.Entries.FirstOrDefault(e => e.Key == key).Value;
        return node is SpecScalar { Value: null } ? null : node;
    }

    public string? Text(string key)
    {
        var node = Node(key);
        return node switch
        {
            null => null,
            SpecScalar scalar => scalar.Value as string ?? scalar.Text,
            _ => throw Error(key, node, $"expected text, got {node.Describe()}"),
        };
    }

    public string RequiredText(string key) =>
        Text(key) is { Length: > 0 } text ? text : throw new TrainingSpecException(_origin, PathOf(key), _map.Line, "is required");

    public double? Number(string key)
    {
        var node = Node(key);
        return node switch
        {
            null => null,
            SpecScalar { Value: double number } => number,
            _ => throw Error(key, node, $"expected a number, got {node.Describe()}"),
        };
    }

    public int? Integer(string key)
    {
        var node = Node(key);
        return node switch
        {
            null => null,
            SpecScalar { Value: double number } when number == Math.Floor(number) && number is >= int.MinValue and <= int.MaxValue => (int)number,
            _ => throw Error(key, node, $"expected a whole number, got {node.Describe()}"),
        };
    }

    public bool? Boolean(string key)
    {
        var node = Node(key);
        return node switch
        {
            null => null,
            SpecScalar { Value: bool value } => value,
            _ => throw Error(key, node, $"expected true or false, got {node.Describe()}"),
        };
    }

    /// <summary>A list of words; a single word stands for a list of one.</summary>
    public IReadOnlyList<string> TextList(string key)
    {
        var node = Node(key);
        return node switch
        {
            null => [],
            SpecScalar { Value: string word } => [word],
            SpecList list => list.Items.Select((item, i) => item is SpecScalar { Value: not null } scalar
                ? scalar.Value as string ?? scalar.Text
                : throw new TrainingSpecException(_origin, $"{PathOf(key)}[{i}]", item.Line, $"expected text, got {item.Describe()}")).ToArray(),
            _ => throw Error(key, node, $"expected a list of names, got {node.Describe()}"),
        };
    }

    public SpecFields? Map(string key) => Node(key) is { } node ? new SpecFields(node, _origin, PathOf(key)) : null;

    /// <summary>The entries of this map, for sections whose keys are data (hyper-parameters, tags, gates).</summary>
    public IReadOnlyList<KeyValuePair<string, SpecNode>> Entries()
    {
        foreach (var entry in _map.Entries)
        {
            _asked.Add(entry.Key);
        }
        return _map.Entries;
    }

    /// <summary>Throws on the first key nobody asked for, listing the accepted ones: typos must not be ignored.</summary>
    public void RejectUnknown()
    {
        foreach (var (key, node) in _map.Entries)
        {
            if (!_asked.Contains(key))
            {
                throw new TrainingSpecException(_origin, PathOf(key), node.Line ?? _map.Line,
                    $"unknown key; accepted here: {string.Join(", ", _asked.Order(StringComparer.Ordinal))}");
            }
        }
    }

    public TrainingSpecException Error(string key, SpecNode? node, string problem) =>
        new(_origin, PathOf(key), node?.Line ?? _map.Line, problem);
}
