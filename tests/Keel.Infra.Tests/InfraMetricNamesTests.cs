using Xunit.Abstractions;

namespace Keel.Infra.Tests;

/// <summary>
/// The alert rules, the Grafana dashboard and KEDA's Prometheus triggers name only series that
/// Keel's apps really expose at /metrics, read from a scrape of the running apps, or a known
/// external metric.
/// </summary>
public sealed class InfraMetricNamesTests(ExportedMetrics exported, ITestOutputHelper output) : IClassFixture<ExportedMetrics>
{
    [Fact]
    public void Every_metric_infra_names_is_exported_by_a_Keel_app_or_known_to_be_external()
    {
        var queries = InfraQueries.All().ToArray();
        output.WriteLine("Keel series exported: " + string.Join(", ", exported.Names.Where(n => n.StartsWith("keel_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)));
        // Guards against reading nothing: a moved file or a changed layout would otherwise pass.
        Assert.True(queries.Count(q => q.Source.StartsWith("infra/prometheus", StringComparison.Ordinal)) >= 10, "the alert rules were not read");
        Assert.True(queries.Count(q => q.Source.StartsWith("infra/grafana", StringComparison.Ordinal)) >= 10, "the dashboard's queries were not read");
        Assert.Contains(queries, q => q.Source.StartsWith("infra/keda", StringComparison.Ordinal));
        Assert.All(queries, q => Assert.NotEmpty(q.MetricNames));

        var unexported = MetricNameCheck.Unexported(queries, exported.Names);

        Assert.True(unexported.Count == 0, "infra/ names metrics no Keel app exports:\n" + string.Join("\n", unexported));
    }

    [Fact]
    public void A_name_no_app_exports_is_reported_and_an_exported_or_external_one_is_not()
    {
        InfraQuery[] queries =
        [
            InfraQuery.Of("made up", "rate(keel_made_up_total[5m]) > 0"),
            // The instrument's name without the counter's _total suffix, and a histogram's family name without _bucket.
            InfraQuery.Of("no suffix", "increase(keel_kafka_dead_lettered[10m])"),
            InfraQuery.Of("family", "histogram_quantile(0.99, rate(keel_serving_inference_duration_seconds[5m]))"),
            InfraQuery.Of("real", "sum(rate(keel_serving_requests_total[5m])) / sum(rate(keel_serving_inference_duration_seconds_count[5m]))"),
            InfraQuery.Of("external", "sum(kafka_consumergroup_lag) and on() up == 1"),
        ];

        var unexported = MetricNameCheck.Unexported(queries, exported.Names);

        Assert.Equal(3, unexported.Count);
        Assert.StartsWith("made up: keel_made_up_total is not exported", unexported[0], StringComparison.Ordinal);
        Assert.Equal("no suffix: keel_kafka_dead_lettered is not exported (exported: keel_kafka_dead_lettered_total)", unexported[1]);
        Assert.StartsWith("family: keel_serving_inference_duration_seconds is not exported (exported: keel_serving_inference_duration_seconds_bucket", unexported[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_instrument_on_a_Keel_meter_reaches_the_scrape_of_some_app()
    {
        // A meter no app adds to its telemetry records into the void; this is where that shows.
        Assert.NotEmpty(exported.Instruments);
        var missing = exported.Instruments
            .Select(i => (Instrument: $"{i.Meter.Name}/{i.Name}", Prefix: i.Name.Replace('.', '_')))
            .Where(i => !exported.Names.Any(n => n.StartsWith(i.Prefix, StringComparison.Ordinal)))
            .Select(i => i.Instrument)
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.True(missing.Length == 0, "instruments no app exports: " + string.Join(", ", missing));
    }
}
