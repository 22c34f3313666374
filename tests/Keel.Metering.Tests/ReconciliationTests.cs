using Keel.Costs.Attribution;
using Keel.Costs.Pricing;
using Keel.Events;
using Keel.Functions.Handlers;
using Keel.Kafka;
using Microsoft.Extensions.Options;

namespace Keel.Metering.Tests;

/// <summary>
/// A synthetic day of training, inference and storage, metered by the real meters, sent through
/// the outbox onto <c>keel.costs</c> of an embedded Kafka cluster, consumed by <see cref="RecordCosts"/>
/// into the ledger and reported: the attributed cost must equal usage × prices worked out by hand.
/// </summary>
public sealed class ReconciliationTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly Scratch _scratch = new();

    [Fact]
    public async Task The_days_attributed_cost_equals_usage_times_prices_to_the_cent()
    {
        var day = new SyntheticDay(seed: 20250304);
        var ledger = new UsageLedger(_scratch.Path("costs", "ledger.db"));
        await using (var kafka = await KafkaPath.StartAsync(Build.Recorder(ledger, Prices.Book())))
        {
            var outbox = Build.Outbox(kafka.Publisher, _scratch.Path("spool"), new MeteringOptions { PublishBatchSize = 200 });
            outbox.Add(day.Usage);
            Assert.True(await outbox.FlushAsync(CancellationToken.None));
            await WaitForAsync(async () => await CountAsync(ledger) == day.Usage.Count, () => $"{day.Usage.Count} usage records in the ledger");
        }

        var queries = Build.Queries(ledger, Prices.Book());
        var euro = Prices.Book().Currency;
        var attributed = 0m;
        foreach (var tenant in new[] { "acme", "globex" })
        {
            var byTeam = await queries.ReportAsync(tenant, CostDimension.Team, Prices.Day, Prices.Day.AddDays(1), CancellationToken.None);
            Assert.True(byTeam.Priced, byTeam.Problem);
            foreach (var row in byTeam.Report!.Rollup.Rows)
            {
                var expected = day.ExpectedByTeam[(tenant, row.Key)];
                Assert.Equal(Money.Round(expected, euro), Money.Round(row.Cost, euro));
                Assert.True(Math.Abs(expected - row.Cost) < 0.000001m, $"{tenant}/{row.Key}: {row.Cost} against {expected} by hand");
            }
            Assert.Equal(day.ExpectedByTeam.Keys.Where(k => k.Tenant == tenant).Select(k => k.Team).Order(), byTeam.Report.Rollup.Rows.Select(r => r.Key).Order());
            // Every grouping of the same lines adds up to the same total.
            foreach (var dimension in Enum.GetValues<CostDimension>())
            {
                var other = await queries.ReportAsync(tenant, dimension, Prices.Day, Prices.Day.AddDays(1), CancellationToken.None);
                Assert.Equal(byTeam.Report.Rollup.Total, other.Report!.Rollup.Total);
            }
            attributed += byTeam.Report.Rollup.Total;
        }
        Assert.Equal(Money.Round(day.ExpectedTotal, euro), Money.Round(attributed, euro));
    }

    [Fact]
    public async Task Cost_per_thousand_predictions_is_each_versions_inference_cost_over_its_predictions()
    {
        var day = new SyntheticDay(seed: 7);
        var ledger = new UsageLedger(_scratch.Path("ledger.db"));
        var recorder = Build.Recorder(ledger, Prices.Book());
        await recorder.HandleAsync(day.Usage.Select(u => u.ToEvent(Prices.Day)).ToArray(), CancellationToken.None);

        var queries = Build.Queries(ledger, Prices.Book());
        foreach (var tenant in new[] { "acme", "globex" })
        {
            var result = await queries.PerThousandPredictionsAsync(tenant, Prices.Day, Prices.Day.AddDays(1), CancellationToken.None);
            Assert.True(result.Priced, result.Problem);
            foreach (var version in result.Versions)
            {
                var key = (tenant, version.Model, version.Version);
                Assert.Equal(day.ExpectedPredictions[key], version.Predictions);
                Assert.True(Math.Abs(day.ExpectedInferenceCost[key] - version.Cost) < 0.000001m);
                Assert.Equal(Math.Round(day.ExpectedInferenceCost[key] * 1000m / version.Predictions, 8), Math.Round(version.PerThousand!.Value, 8));
            }
            Assert.Equal(day.ExpectedPredictions.Keys.Count(k => k.Tenant == tenant), result.Versions.Count);
        }
    }

    public void Dispose() => _scratch.Dispose();

    private static async Task<int> CountAsync(UsageLedger ledger)
    {
        var count = 0;
        foreach (var tenant in new[] { "acme", "globex", "untagged" })
        {
            count += (await ledger.ReadAsync(tenant, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue.AddDays(-1), CancellationToken.None)).Count;
        }
        return count;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not reached within {Generous.TotalSeconds} s: {what()}");
            await Task.Delay(50);
        }
    }

    /// <summary>An embedded Kafka cluster with the real publisher and a consumer feeding the handler from keel.costs.</summary>
    private sealed class KafkaPath : IAsyncDisposable
    {
        private readonly KafkaConnection _connection;
        private readonly KafkaConsumerService _service;

        private KafkaPath(KafkaConnection connection, KafkaEventPublisher publisher, KafkaConsumerService service)
        {
            _connection = connection;
            Publisher = publisher;
            _service = service;
        }

        public KafkaEventPublisher Publisher { get; }

        public static async Task<KafkaPath> StartAsync(RecordCosts handler)
        {
            var options = new KafkaOptions
            {
                EmbeddedRebalanceDelay = TimeSpan.FromMilliseconds(10),
                Consumer = new KafkaConsumerOptions { MaxBatchSize = 500, MaxBatchWait = TimeSpan.FromMilliseconds(50), ShutdownTimeout = TimeSpan.FromSeconds(20) },
                Producer = new KafkaProducerOptions { FlushTimeout = TimeSpan.FromSeconds(10) },
            };
            options.Topics[KeelTopics.Costs] = new KafkaTopicOptions { Partitions = 3 };
            var connection = new KafkaConnection(Options.Create(options));
            var publisher = new KafkaEventPublisher(connection);
            var service = new KafkaConsumerService(new KafkaEventConsumer(connection, publisher, handler, KeelTopics.Costs, RecordCosts.ConsumerGroup));
            await service.StartAsync(CancellationToken.None);
            return new KafkaPath(connection, publisher, service);
        }

        public async ValueTask DisposeAsync()
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _service.StopAsync(stopping.Token);
            await (_service.ExecuteTask ?? Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _service.Dispose();
            Publisher.Dispose();
            _connection.Dispose();
        }
    }
}
