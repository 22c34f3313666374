namespace Keel.Infra.Tests;

public sealed class PromQlTests
{
    [Theory]
    [InlineData("""sum by (messaging_destination_name) (increase(keel_kafka_dead_lettered_total{topic="a b", x=~"c|d"}[10m])) > 0""", "keel_kafka_dead_lettered_total")]
    [InlineData("histogram_quantile(0.99, sum by (le, http_route) (rate(http_server_request_duration_seconds_bucket[5m])))", "http_server_request_duration_seconds_bucket")]
    [InlineData("a_total / on (model) group_left (version) b offset 1h", "a_total b")]
    [InlineData("max(c) without (instance) < on(x) ignoring(y) d @ 1700000000 unless e bool > 1e3", "c d e")]
    [InlineData("""{__name__="x_total", job="y"} or sum(rate(z_count[1h:5m])) * 0x1f""", "x_total z_count")]
    [InlineData("""label_replace(up, "dst", "$1", "src", "(.*)") and count_values("le", vector(1)) > Inf""", "up")]
    [InlineData("""sum by (job) (rate(http_server_request_duration_seconds_count{job=~"$job"}[$__rate_interval])) * ${factor}""", "http_server_request_duration_seconds_count")]
    [InlineData("""sum(rate(keel_gates_results_total{model=~"${model:regex}"}[$__range])) > -inf""", "keel_gates_results_total")]
    public void Finds_the_metric_names_and_nothing_else(string expression, string expected)
    {
        Assert.Equal(expected.Split(' ').Order(StringComparer.Ordinal), PromQl.MetricNames(expression).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("label_values(keel_serving_requests_total, model)", "keel_serving_requests_total")]
    [InlineData("""label_values(http_server_request_duration_seconds_count{job=~"keel.*"}, job)""", "http_server_request_duration_seconds_count")]
    [InlineData("label_values(job)", "")]
    [InlineData("query_result(topk(5, sum by (model) (rate(keel_serving_predictions_total[1h]))))", "keel_serving_predictions_total")]
    public void Reads_the_metric_of_a_Grafana_variable_query(string query, string expected)
    {
        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal), PromQl.VariableQueryMetricNames(query).Order(StringComparer.Ordinal));
    }
}
