using Keel.Features;
using Keel.Features.Definitions;
using Keel.Features.Offline;

namespace Keel.Cli.Bench;

/// <summary>
/// Seeded data for the point-in-time benchmark: one feature view of five mixed-type features with
/// a TTL, its events in event-time order (as the stream delivers them), and a frame of label rows.
/// A share of events tie on (entity, event time) and a share of frame rows hit an event time
/// exactly, so the tie rule and the inclusive bound are exercised, not only the easy cases.
/// </summary>
public sealed record PitBenchData(FeatureViewDefinition View, IReadOnlyList<FeatureRow> Events, EntityFrame Frame)
{
    public const string Tenant = "bench";

    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Span = TimeSpan.FromDays(90);

    public static FeatureViewDefinition AccountView { get; } = new()
    {
        Name = "account_activity",
        Entity = "account",
        Source = "bench",
        Ttl = TimeSpan.FromDays(14),
        Features =
        [
            new FeatureDefinition { Name = "balance", Type = FeatureType.Double },
            new FeatureDefinition { Name = "txn_count", Type = FeatureType.Int64 },
            new FeatureDefinition { Name = "segment", Type = FeatureType.String },
            new FeatureDefinition { Name = "is_active", Type = FeatureType.Bool },
            new FeatureDefinition { Name = "last_login", Type = FeatureType.Timestamp },
        ],
    };

    public IReadOnlyList<string> FeatureNames => [.. View.Features.Select(f => f.Name)];

    public static PitBenchData Generate(int labelRows, int events, int entities, int seed)
    {
        var random = new Random(seed);
        var keys = Enumerable.Range(0, entities).Select(i => "acct-" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var segments = Enumerable.Range(0, 20).Select(i => "segment-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var spanMicros = Span.Ticks / 10;

        var rows = new FeatureRow[events];
        for (var i = 0; i < events; i++)
        {
            if (i > 0 && random.Next(50) == 0)
            {
                // A second event of an entity at the very same time: the tie rule decides.
                var twin = rows[random.Next(i)];
                rows[i] = twin with { CreatedAt = twin.CreatedAt.AddTicks(10 * random.Next(-2, 3)), EventId = EventId(i), Values = Values(random, segments) };
                continue;
            }
            var at = Start.AddTicks(random.NextInt64(spanMicros) * 10);
            rows[i] = new FeatureRow(keys[random.Next(keys.Length)], at, at.AddTicks(10 * random.Next(5_000_000)), EventId(i), Values(random, segments));
        }
        Array.Sort(rows, (a, b) => a.EventTime.CompareTo(b.EventTime));

        var frameKeys = new string[labelRows];
        var frameTimes = new DateTimeOffset[labelRows];
        for (var i = 0; i < labelRows; i++)
        {
            if (random.Next(10) == 0)
            {
                var hit = rows[random.Next(rows.Length)];
                (frameKeys[i], frameTimes[i]) = (hit.EntityKey, hit.EventTime);
                continue;
            }
            frameKeys[i] = keys[random.Next(keys.Length)];
            // Labels run a week past the last event so some rows see only expired values.
            frameTimes[i] = Start.AddTicks(random.NextInt64((spanMicros + (TimeSpan.FromDays(7).Ticks / 10))) * 10);
        }
        return new PitBenchData(AccountView, rows, new EntityFrame(frameKeys, frameTimes));
    }

    /// <summary>The first cell where the two frames differ, or null when they are identical.</summary>
    public static string? FirstDifference(FeatureFrame expected, FeatureFrame actual)
    {
        if (expected.RowCount != actual.RowCount)
        {
            return $"{actual.RowCount} rows where {expected.RowCount} were expected";
        }
        if (!expected.Columns.Select(c => (c.Name, c.Type)).SequenceEqual(actual.Columns.Select(c => (c.Name, c.Type))))
        {
            return $"columns [{string.Join(", ", actual.Columns.Select(c => c.Name))}] where [{string.Join(", ", expected.Columns.Select(c => c.Name))}] were expected";
        }
        for (var row = 0; row < expected.RowCount; row++)
        {
            if (expected.EntityKeys[row] != actual.EntityKeys[row] || expected.Timestamps[row] != actual.Timestamps[row])
            {
                return $"row {row} is ({actual.EntityKeys[row]}, {actual.Timestamps[row]:O}) where ({expected.EntityKeys[row]}, {expected.Timestamps[row]:O}) was expected";
            }
            for (var c = 0; c < expected.Columns.Count; c++)
            {
                var (want, got) = (expected.Columns[c].Values[row], actual.Columns[c].Values[row]);
                if (!Equals(want, got))
                {
                    return $"{expected.Columns[c].Name} of row {row} ({expected.EntityKeys[row]} at {expected.Timestamps[row]:O}) is {got ?? "null"} where {want ?? "null"} was expected";
                }
            }
        }
        return null;
    }

    private static string EventId(int i) => "evt-" + i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    private static object?[] Values(Random random, string[] segments) =>
    [
        random.Next(10) == 0 ? null : Math.Round(random.NextDouble() * 10_000, 2),
        random.Next(10) == 0 ? null : (long)random.Next(1000),
        random.Next(10) == 0 ? null : segments[random.Next(segments.Length)],
        random.Next(10) == 0 ? null : random.Next(2) == 0,
        random.Next(10) == 0 ? null : Start.AddTicks(random.NextInt64(Span.Ticks / 10) * 10),
    ];
}
