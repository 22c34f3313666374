using System.Text.Json;
using System.Text.RegularExpressions;
using Keel.Drift;
using Keel.Drift.Detection;
using Keel.Monitoring;
using Keel.Reports.Drift;

namespace Keel.Reports.Tests;

/// <summary>Drift reports read from the history of judged windows: merged windows, shifted windows, their pages and JSON.</summary>
public sealed class DriftReportTests
{
    private static readonly DateTimeOffset Now = ReportBed.Now;

    [Fact]
    public async Task Merging_windows_gives_the_verdict_of_one_profile_of_all_their_rows()
    {
        await using var bed = await ReportBed.StartAsync();
        var windows = new[] { Applicants.Rows(400, seed: 11, shifted: true), Applicants.Rows(400, seed: 12), Applicants.Rows(400, seed: 13, shifted: true) };
        // Ended two days ago: outside a 24 h window.
        await bed.RecordAsync(Applicants.Rows(400, seed: 10), Now.AddDays(-2));
        for (var i = 0; i < windows.Length; i++)
        {
            await bed.RecordAsync(windows[i], Now.AddHours(i - 3));
        }

        var report = await bed.DriftReports.BuildAsync(ReportBed.Tenant, ReportBed.Model, null, Parse("24h"), default);

        var all = Applicants.Profile(windows.SelectMany(w => w));
        var policy = new DriftMonitorOptions().PolicyFor(ReportBed.Model).ToDriftPolicy(bed.Reference.Features.Keys.ToArray());
        var direct = DriftDetector.Compare(bed.Reference, all, policy);
        Assert.Equal(1, report.Version);
        Assert.Equal(3, report.Window.Merged);
        Assert.Equal(1200, report.LiveRows);
        Assert.Equal(Now.AddHours(-4), report.Window.From);
        Assert.Equal(Now.AddHours(-1), report.Window.To);
        Assert.Equal(direct.DatasetDrift, report.DatasetDrift);
        Assert.Equal(direct.DriftShare, report.DriftShare, 9);
        Assert.Equal(direct.Features.Where(f => f.Drifted).Select(f => f.Feature).Order(), report.DriftedFeatures);
        Assert.Equal(direct.Score!.Drifted, report.ScoreDrift);
        foreach (var feature in report.Features)
        {
            var expected = direct.Feature(feature.Feature)!;
            Assert.Equal(expected.Method, feature.Method);
            Assert.Equal(expected.CurrentCount, feature.LiveCount);
            // Merged sketches answer quantiles within the sketch's rank error, so distances agree to about that.
            Assert.Equal(expected.Statistic!.Value, feature.Statistic!.Value, 0.03);
        }
        Assert.True(report.DatasetDrift);
    }

    [Fact]
    public async Task The_latest_shifted_window_names_the_shifted_features_and_its_live_histogram_moves_away_from_the_reference()
    {
        await using var bed = await ReportBed.StartAsync();
        await bed.RecordAsync(Applicants.Rows(500, seed: 20), Now.AddHours(-2));
        await bed.RecordAsync(Applicants.Rows(500, seed: 21, shifted: true), Now.AddHours(-1));

        var report = await bed.DriftReports.BuildAsync(ReportBed.Tenant, ReportBed.Model, 1, ReportWindow.Latest, default);

        Assert.True(report.DatasetDrift);
        Assert.Equal(["age", "income"], report.DriftedFeatures);
        Assert.Equal(1, report.Window.Merged);
        Assert.Equal(Now.AddHours(-1), report.Window.To);
        Assert.Equal(500, report.LiveRows);
        Assert.False(report.Features.Single(f => f.Feature == "region").Drifted);

        var age = report.Features.Single(f => f.Feature == "age").Distribution;
        Assert.Equal(1.0, age.Sum(b => b.ReferenceShare), 6);
        Assert.Equal(1.0, age.Sum(b => b.LiveShare), 6);
        // Ages 20–37 are about a third of the reference but all of the shifted window.
        var young = age.Where(b => b.Upper < 38).ToList();
        Assert.NotEmpty(young);
        Assert.True(young.Sum(b => b.ReferenceShare) < 0.4, $"reference share of the young: {young.Sum(b => b.ReferenceShare)}");
        Assert.True(young.Sum(b => b.LiveShare) > 0.9, $"live share of the young: {young.Sum(b => b.LiveShare)}");
        var incomes = report.Features.Single(f => f.Feature == "income").Distribution;
        Assert.Equal(0, incomes.Where(b => b.Upper <= 60_000).Sum(b => b.LiveCount));

        var region = report.Features.Single(f => f.Feature == "region").Distribution;
        Assert.Equal(Applicants.Regions.Order(), region.Select(b => b.Category!).Order());
    }

    [Fact]
    public async Task The_json_is_snake_case_with_every_feature_its_test_and_its_bins()
    {
        await using var bed = await ReportBed.StartAsync();
        await bed.RecordAsync(Applicants.Rows(500, seed: 30, shifted: true), Now.AddHours(-1));

        var report = await bed.DriftReports.BuildAsync(ReportBed.Tenant, ReportBed.Model, null, ReportWindow.Latest, default);
        using var json = JsonDocument.Parse(ReportJson.Serialize(report));

        var root = json.RootElement;
        Assert.Equal("credit", root.GetProperty("model").GetString());
        Assert.True(root.GetProperty("dataset_drift").GetBoolean());
        Assert.Equal(2000, root.GetProperty("reference_rows").GetInt64());
        Assert.Equal(500, root.GetProperty("live_rows").GetInt64());
        Assert.Equal("latest", root.GetProperty("window").GetProperty("selector").GetString());
        Assert.Equal("elapsed", root.GetProperty("window").GetProperty("windows")[0].GetProperty("closed_because").GetString());
        var features = root.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("feature").GetString()!);
        Assert.Equal(["age", "income", "region"], features.Keys);
        // 2,000 reference values: distances, as Evidently picks them.
        Assert.Equal("wasserstein", features["age"].GetProperty("method").GetString());
        Assert.Equal("jensen_shannon", features["region"].GetProperty("method").GetString());
        Assert.Equal("categorical", features["region"].GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, features["age"].GetProperty("p_value").ValueKind);
        var bin = features["age"].GetProperty("distribution")[0];
        foreach (var name in new[] { "label", "lower", "upper", "category", "reference_count", "reference_share", "live_count", "live_share" })
        {
            Assert.True(bin.TryGetProperty(name, out _), $"a bin has no '{name}'");
        }
        Assert.Equal("score", root.GetProperty("score").GetProperty("feature").GetString());
    }

    [Fact]
    public async Task The_page_has_one_chart_per_feature_and_the_score_and_encodes_a_hostile_category()
    {
        await using var bed = await ReportBed.StartAsync();
        const string hostile = "<script>alert('x')</script>&\"";
        var rows = Applicants.Rows(500, seed: 40);
        for (var i = 0; i < rows.Count; i += 5)
        {
            rows[i]["region"] = hostile;
        }
        await bed.RecordAsync(rows, Now.AddHours(-1));

        var report = await bed.DriftReports.BuildAsync(ReportBed.Tenant, ReportBed.Model, null, ReportWindow.Latest, default);
        var html = DriftReportHtml.Render(report);

        Assert.Contains(report.Features.Single(f => f.Feature == "region").Distribution, b => b.Category == hostile && b.ReferenceCount == 0 && b.LiveCount == 100);
        Assert.Contains(report.DataQuality, f => f.Kind == Keel.Drift.Quality.DataQualityFindingKind.UnseenCategories && f.Values!.Contains(hostile));
        Assert.Equal(report.Features.Count + 1, Regex.Count(html, "<svg class=\"hist\""));
        foreach (var feature in report.Features.Select(f => f.Feature).Append("score"))
        {
            Assert.Contains($"data-feature=\"{feature}\"", html);
        }
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;", html);
        // Self-contained: nothing is fetched and nothing runs.
        Assert.DoesNotMatch("(src|href)\\s*=", html);
        Assert.DoesNotContain("<link", html);
        Assert.Contains("<style>", html);
    }

    [Fact]
    public async Task A_model_without_history_an_unknown_version_or_an_empty_duration_is_not_found()
    {
        await using var bed = await ReportBed.StartAsync();
        await bed.RecordAsync(Applicants.Rows(300, seed: 50), Now.AddDays(-3));

        await Assert.ThrowsAsync<ReportNotFoundException>(() => bed.DriftReports.BuildAsync(ReportBed.Tenant, "fraud", null, ReportWindow.Latest, default));
        await Assert.ThrowsAsync<ReportNotFoundException>(() => bed.DriftReports.BuildAsync(ReportBed.Tenant, ReportBed.Model, 7, ReportWindow.Latest, default));
        var empty = await Assert.ThrowsAsync<ReportNotFoundException>(() => bed.DriftReports.BuildAsync(ReportBed.Tenant, ReportBed.Model, null, Parse("24h"), default));
        Assert.Contains("24h", empty.Message);
        Assert.Equal(300, (await bed.DriftReports.BuildAsync(ReportBed.Tenant, ReportBed.Model, null, Parse("7d"), default)).LiveRows);
    }

    [Fact]
    public async Task Another_tenant_sees_none_of_the_windows()
    {
        await using var bed = await ReportBed.StartAsync();
        await bed.RegisterAsync("globex");
        await bed.RecordAsync(Applicants.Rows(300, seed: 60, shifted: true), Now.AddHours(-1));

        await Assert.ThrowsAsync<ReportNotFoundException>(() => bed.DriftReports.BuildAsync("globex", ReportBed.Model, null, ReportWindow.Latest, default));
        await Assert.ThrowsAsync<ReportNotFoundException>(() => bed.DriftReports.BuildAsync("globex", ReportBed.Model, 1, ReportWindow.All, default));
        Assert.Equal(300, (await bed.DriftReports.BuildAsync(ReportBed.Tenant, ReportBed.Model, null, ReportWindow.All, default)).LiveRows);
    }

    [Fact]
    public async Task Without_a_version_the_report_is_of_the_newest_version_with_history()
    {
        await using var bed = await ReportBed.StartAsync();
        var second = await bed.RegisterAsync(ReportBed.Tenant);
        await bed.RegisterAsync(ReportBed.Tenant);
        await bed.RecordAsync(Applicants.Rows(300, seed: 70), Now.AddHours(-1));
        await bed.RecordAsync(Applicants.Rows(200, seed: 71), Now.AddHours(-2), version: second);

        var report = await bed.DriftReports.BuildAsync(ReportBed.Tenant, ReportBed.Model, null, ReportWindow.Latest, default);

        Assert.Equal(second, report.Version);
        Assert.Equal(200, report.LiveRows);
    }

    [Fact]
    public async Task Past_the_bound_only_the_newest_windows_are_merged_and_the_rest_counted()
    {
        await using var bed = await ReportBed.StartAsync(new Dictionary<string, string?> { ["Keel:Reports:MaxMergedWindows"] = "2" });
        await bed.RecordAsync(Applicants.Rows(100, seed: 80), Now.AddHours(-3));
        await bed.RecordAsync(Applicants.Rows(200, seed: 81), Now.AddHours(-2));
        await bed.RecordAsync(Applicants.Rows(300, seed: 82), Now.AddHours(-1));

        var report = await bed.DriftReports.BuildAsync(ReportBed.Tenant, ReportBed.Model, null, ReportWindow.All, default);

        Assert.Equal(2, report.Window.Merged);
        Assert.Equal(1, report.Window.Omitted);
        Assert.Equal(500, report.LiveRows);
        Assert.Equal([200L, 300L], report.Window.Windows.Select(w => w.Rows));
        Assert.Equal(Now.AddHours(-3), report.Window.From);
    }

    private static ReportWindow Parse(string text)
    {
        Assert.True(ReportWindow.TryParse(text, ReportWindow.Latest, out var window, out var error), error);
        return window;
    }
}
