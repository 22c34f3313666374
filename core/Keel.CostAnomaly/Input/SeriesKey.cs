namespace Keel.CostAnomaly.Input;

/// <summary>
/// A cost series: a set of tags (tenant, team, model, …). Tags are sorted by name so the same set
/// given in any order is the same series.
/// </summary>
public sealed class SeriesKey : IEquatable<SeriesKey>
{
    private readonly string _canonical;

    public SeriesKey(IEnumerable<KeyValuePair<string, string>> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in tags)
        {
            if (string.IsNullOrEmpty(name) || name.Contains('=') || name.Contains(','))
            {
                throw new ArgumentException($"tag name '{name}' must be non-empty without '=' or ','", nameof(tags));
            }
            if (!sorted.TryAdd(name, value ?? ""))
            {
                throw new ArgumentException($"tag '{name}' is given twice", nameof(tags));
            }
        }
        Tags = sorted.ToList();
        // Values may hold any text, so the identity joins them with separators that cannot be typed.
        _canonical = string.Join('\u001e', Tags.Select(t => t.Key + '\u001f' + t.Value));
    }

    public static SeriesKey Of(params (string Name, string Value)[] tags) =>
        new(tags.Select(t => KeyValuePair.Create(t.Name, t.Value)));

    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; }

    public string? Tag(string name) => Tags.FirstOrDefault(t => t.Key == name).Value;

    public bool Equals(SeriesKey? other) => other is not null && _canonical == other._canonical;

    public override bool Equals(object? obj) => Equals(obj as SeriesKey);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_canonical);

    public override string ToString() => string.Join(',', Tags.Select(t => t.Key + "=" + t.Value));
}
