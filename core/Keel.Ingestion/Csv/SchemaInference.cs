using Keel.Features.Definitions;
using Keel.Features.Repository;

namespace Keel.Ingestion.Csv;

/// <summary>
/// Infers a dataset schema from a CSV file: each column gets the narrowest type all its
/// present values parse as (int64, double, bool, timestamp, else string), whether it has
/// missing values and how many, and its categories when it is a string with few distinct values.
/// </summary>
public static class SchemaInference
{
    public const int MaxCategories = 50;

    public static IReadOnlyList<ColumnSchema> Infer(string csvPath)
    {
        using var rows = CsvReader.ReadAll(csvPath).GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new FormatException($"'{csvPath}' is empty: a header row is required");
        }
        var headers = rows.Current.Select((h, i) => h ?? $"column_{i + 1}").ToArray();
        var stats = headers.Select(_ => new ColumnStats()).ToArray();
        long count = 0;
        while (rows.MoveNext())
        {
            var row = rows.Current;
            if (row.Length == 1 && row[0] is null)
            {
                continue;
            }
            if (row.Length != headers.Length)
            {
                throw new FormatException($"'{csvPath}': a row has {row.Length} fields but the header has {headers.Length}");
            }
            count++;
            for (var i = 0; i < headers.Length; i++)
            {
                stats[i].Observe(row[i]);
            }
        }

        var names = new HashSet<string>();
        return headers.Select((header, i) =>
        {
            var name = Names.Sanitize(header);
            while (!names.Add(name))
            {
                name += "_";
            }
            var type = stats[i].Type;
            return new ColumnSchema
            {
                Name = name,
                Header = name == header ? null : header,
                Type = type,
                Nullable = stats[i].Missing > 0,
                MissingRate = count == 0 ? 0 : Math.Round((double)stats[i].Missing / count, 4),
                Categories = type == FeatureType.String && stats[i].Distinct is { Count: <= MaxCategories } distinct
                    ? distinct.Order(StringComparer.Ordinal).ToArray()
                    : null,
            };
        }).ToArray();
    }

    private sealed class ColumnStats
    {
        private bool _int = true, _double = true, _bool = true, _timestamp = true;
        private bool _seen;

        public long Missing { get; private set; }

        public HashSet<string>? Distinct { get; private set; } = [];

        public FeatureType Type =>
            !_seen ? FeatureType.String
            : _int ? FeatureType.Int64
            : _double ? FeatureType.Double
            : _bool ? FeatureType.Bool
            : _timestamp ? FeatureType.Timestamp
            : FeatureType.String;

        public void Observe(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                Missing++;
                return;
            }
            _seen = true;
            _int = _int && CsvValueParser.TryParse(value, FeatureType.Int64, out _);
            _double = _double && CsvValueParser.TryParse(value, FeatureType.Double, out _);
            _bool = _bool && CsvValueParser.TryParse(value, FeatureType.Bool, out _);
            _timestamp = _timestamp && CsvValueParser.TryParse(value, FeatureType.Timestamp, out _);
            if (Distinct is not null && Distinct.Add(value) && Distinct.Count > MaxCategories)
            {
                Distinct = null;
            }
        }
    }
}
