using Keel.Features.Definitions;
using static Keel.Features.Offline.Tests.Build;

namespace Keel.Features.Offline.Tests;

/// <summary>
/// The store against the brute-force reference on seeded random data: several views with
/// different TTLs, events spread over days (so over many partitions and appends), frequent ties
/// on event time, and frame timestamps that often hit an event time exactly.
/// </summary>
public sealed class RandomizedPointInTimeTests : IDisposable
{
    private static readonly string[] Entities = [.. Enumerable.Range(0, 300).Select(i => "cust-" + i)];

    private static readonly FeatureViewDefinition[] Views =
    [
        View("txn", TimeSpan.FromHours(6), ("amount", FeatureType.Double), ("merchant", FeatureType.String), ("n", FeatureType.Int64)),
        View("risk", TimeSpan.FromDays(2), ("flagged", FeatureType.Bool), ("seen_at", FeatureType.Timestamp)),
        View("profile", null, ("tier", FeatureType.String)),
    ];

    private static readonly ViewSelection[] Selections =
    [
        Select(Views[0], "n", "amount", "merchant"),
        Select(Views[1], "flagged", "seen_at"),
        Select(Views[2], "tier"),
    ];

    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(7)]
    [InlineData(2024)]
    public async Task Historical_features_equal_the_brute_force_reference_cell_by_cell(int seed)
    {
        var random = new Random(seed);
        var stored = await StoreRandomHistory(random);

        var allTimes = stored.Values.SelectMany(r => r).Select(r => r.EventTime).ToArray();
        var frameRows = Enumerable.Range(0, 2000).Select(_ =>
        {
            var entity = Entities[random.Next(Entities.Length)];
            var at = random.Next(3) switch
            {
                0 => allTimes[random.Next(allTimes.Length)],
                1 => allTimes[random.Next(allTimes.Length)].AddTicks(-10),
                _ => RandomTime(random).AddMinutes(random.Next(-600, 600)),
            };
            return (entity, at);
        }).ToArray();
        var frame = Frame(frameRows);

        var actual = await _temp.Store.GetHistoricalFeaturesAsync("acme", frame, Selections, CancellationToken.None);

        AssertEqualsReference(frame, stored, actual);
    }

    [Fact]
    public async Task A_training_set_equals_the_brute_force_reference_over_the_label_rows()
    {
        var random = new Random(99);
        var stored = await StoreRandomHistory(random);
        var label = View("label", null, ("outcome", FeatureType.Int64));
        var labels = Enumerable.Range(0, 800).Select(i =>
        {
            // A quarter of the labels fall exactly on an event of the same entity.
            var (entity, at) = random.Next(4) == 0 && stored["risk"][random.Next(stored["risk"].Count)] is var hit
                ? (hit.EntityKey, hit.EventTime)
                : (Entities[random.Next(Entities.Length)], RandomTime(random));
            return Row(entity, at, "label-" + i, (long)random.Next(2));
        }).ToArray();
        await _temp.Store.AppendAsync("acme", label, "v1", labels, CancellationToken.None);

        var actual = await _temp.Store.GetTrainingSetAsync("acme", Select(label, "outcome"), Selections, CancellationToken.None);

        var ordered = labels.OrderBy(r => r.EventTime).ThenBy(r => r.EntityKey, StringComparer.Ordinal).ThenBy(r => r.EventId, StringComparer.Ordinal).ToArray();
        var frame = Frame([.. ordered.Select(r => (r.EntityKey, r.EventTime))]);
        Assert.Equal(frame.EntityKeys, actual.EntityKeys);
        Assert.Equal(frame.Timestamps, actual.Timestamps);
        Assert.Equal(ordered.Select(r => r.Values[0]), actual.Column("label__outcome").Values);
        AssertEqualsReference(frame, stored, new FeatureFrame(actual.EntityKeys, actual.Timestamps, [.. actual.Columns.Skip(1)]));
    }

    private static DateTimeOffset RandomTime(Random random) =>
        // Whole minutes over five days: with 300 entities, ties on (entity, event time) happen.
        T0.AddMinutes(random.Next(5 * 24 * 60)).AddTicks(random.Next(3) * 10);

    /// <summary>Stores random rows for every view, over several appends that repeat some ids, and returns what was stored.</summary>
    private async Task<Dictionary<string, List<FeatureRow>>> StoreRandomHistory(Random random)
    {
        var stored = new Dictionary<string, List<FeatureRow>>();
        var eventNumber = 0;
        foreach (var view in Views)
        {
            var rows = new List<FeatureRow>();
            var count = view.Name == "profile" ? 600 : 3000;
            for (var i = 0; i < count; i++)
            {
                var at = RandomTime(random);
                var created = at.AddSeconds(random.Next(4));
                var values = view.Features.Select(f => random.Next(10) == 0 ? null : RandomValue(random, f.Type)).ToArray();
                rows.Add(new FeatureRow(Entities[random.Next(Entities.Length)], at, created, "ev-" + (eventNumber++).ToString("D6"), values));
                if (random.Next(20) == 0)
                {
                    // Another event at exactly the same time and creation time: the event id decides.
                    rows.Add(rows[^1] with { EventId = "ev-" + (eventNumber++).ToString("D6"), Values = [.. view.Features.Select(f => RandomValue(random, f.Type))] });
                }
            }
            stored[view.Name] = rows;
            // Several appends, each spanning several date partitions, with some ids repeated.
            foreach (var chunk in rows.Chunk(1000))
            {
                await _temp.Store.AppendAsync("acme", view, "v1", chunk, CancellationToken.None);
            }
            await _temp.Store.AppendAsync("acme", view, "v1", rows.Take(50).ToArray(), CancellationToken.None);
            Assert.Equal(rows.Count, await _temp.Store.CountAsync("acme", view.Name, CancellationToken.None));
        }

        return stored;
    }

    private static void AssertEqualsReference(EntityFrame frame, Dictionary<string, List<FeatureRow>> stored, FeatureFrame actual)
    {
        var expected = BruteForcePointInTime.Frame(frame, [.. Selections.Select(s => (s, (IReadOnlyList<FeatureRow>)stored[s.View.Name]))]);
        Assert.Equal(expected.Keys, actual.Columns.Select(c => c.Name));
        var nonNull = 0;
        foreach (var column in actual.Columns)
        {
            for (var i = 0; i < frame.Count; i++)
            {
                var want = expected[column.Name][i];
                var got = column.Values[i];
                if (!Equals(want, got))
                {
                    Assert.Fail($"{column.Name} of frame row {i} ({frame.EntityKeys[i]} at {frame.Timestamps[i]:O}): expected {want ?? "null"}, got {got ?? "null"}");
                }
                nonNull += got is null ? 0 : 1;
            }
        }
        // Dense enough that most cells have a value, while TTL and absence null many others.
        Assert.InRange(nonNull, actual.Columns.Count * frame.Count / 4, actual.Columns.Count * frame.Count * 9 / 10);
    }

    private static object RandomValue(Random random, FeatureType type) => type switch
    {
        FeatureType.Int64 => random.NextInt64(-1_000_000, 1_000_000),
        FeatureType.Double => Math.Round(random.NextDouble() * 1000, 3),
        FeatureType.String => "s" + random.Next(50),
        FeatureType.Bool => random.Next(2) == 0,
        FeatureType.Timestamp => T0.AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 30)),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
