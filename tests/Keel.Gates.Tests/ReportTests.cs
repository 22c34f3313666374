using Keel.Features.Definitions;
using Keel.Gates.Reports;

namespace Keel.Gates.Tests;

public class ReportTests
{
    internal static async Task<GateReport> BiasedReportAsync()
    {
        var data = SyntheticCredit.Create(4000, seed: 41, labelDependsOnAge: true, withChampion: true);
        var context = data.Context() with
        {
            // Names are data: a hostile one must come out as text, never as markup.
            ServiceSchema = [.. SampleSchema.Service, new ServiceFeature("<script>", FeatureType.Double)],
            ProtectedAttributes = [.. data.Attributes, new ProtectedAttribute("<b>Region</b>", FeatureType.String,
                Enumerable.Range(0, 4000).Select(i => (object?)(i % 2 == 0 ? "north & \"east\"" : "south")).ToArray())],
            LatencyProbe = (samples, _) => Task.FromResult<IReadOnlyList<TimeSpan>>(Enumerable.Repeat(TimeSpan.FromMilliseconds(0.4), samples).ToArray()),
        };
        return await GateRunner.WithBuiltIns().RunAsync(context, CancellationToken.None);
    }

    [Fact]
    public async Task Json_round_trips()
    {
        var report = await BiasedReportAsync();

        var json = report.ToJson();
        var read = GateReport.FromJson(json);

        Assert.Equal(json, read.ToJson());
        Assert.Equal(GateVerdict.Fail, read.Verdict);
        Assert.Equal(report.Results.Count, read.Results.Count);
        Assert.Equal(report.Result("bias")!.Fairness![0].Groups.Count, read.Result("bias")!.Fairness![0].Groups.Count);
        Assert.Equal(report.Result("performance")!.Roc!.Auc, read.Result("performance")!.Roc!.Auc);
        Assert.Contains("\"verdict\": \"fail\"", json);
        Assert.Contains("\"favourable\": \"negative\"", json);
        Assert.Contains("\"match\": \"missing\"", json);
        Assert.Contains("\"passed\": false", json);
    }

    [Fact]
    public async Task Html_has_the_verdicts_the_roc_curve_the_group_charts_and_the_schema_table()
    {
        var report = await BiasedReportAsync();

        var html = GateReportHtml.Render(report);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<h2>Verdicts</h2>", html);
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart roc\"", html);
        Assert.Equal(2, Count(html, "<polyline "));
        Assert.Contains("class=\"diagonal\"", html);
        Assert.Contains($"candidate (AUC {GateCheck.Format(report.Metrics["auc"])})", html);
        Assert.Contains("champion (AUC ", html);
        // Two bar charts (selection rate, true favourable rate) for each of the three attributes.
        Assert.Equal(6, Count(html, "class=\"chart bars\""));
        Assert.Contains("Age: selection rate", html);
        Assert.Contains("class=\"reference\"", html);
        Assert.Contains("<h3>Schema comparison</h3>", html);
        Assert.Contains("p95 budget ms", html);
    }

    [Fact]
    public async Task Html_escapes_names_and_needs_no_script_or_external_asset()
    {
        var report = await BiasedReportAsync();

        var html = GateReportHtml.Render(report);

        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;b&gt;Region&lt;/b&gt;", html);
        Assert.DoesNotContain("<b>Region", html);
        Assert.Contains("north &amp; &quot;east&quot;", html);
        Assert.DoesNotContain(" src=", html);
        Assert.DoesNotContain("<link", html);
        Assert.Equal(Count(html, "http"), Count(html, "http://www.w3.org/2000/svg"));
    }

    [Fact]
    public void Html_of_a_regression_report_has_no_roc_curve()
    {
        var report = new GateReport
        {
            ModelName = "claims",
            ModelVersion = "2",
            Task = ModelTask.Regression,
            EvaluatedAt = DateTimeOffset.UnixEpoch,
            Verdict = GateVerdict.Pass,
            Results = [GateResult.Skipped("latency", "no latency probe")],
            Metrics = new Dictionary<string, double> { ["rmse"] = 1.5 },
        };

        var html = GateReportHtml.Render(report);

        Assert.DoesNotContain("<polyline", html);
        Assert.Contains("regression model", html);
        Assert.Contains("RMSE", html);
    }

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
