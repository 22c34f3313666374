using Keel.ModelRegistry;
using Keel.Retention.Policy;
using Keel.Retention.Reports;

namespace Keel.Retention.Tests;

public sealed class ReportTests
{
    [Fact]
    public async Task The_report_reads_back_from_json_and_renders_as_a_table_with_per_tenant_rows()
    {
        using var bed = new RetentionBed();
        await bed.RunAsync("acme");
        await bed.RegisterAsync("acme", "credit", await bed.RunAsync("acme"), ModelStage.Archived);
        bed.Time.Advance(100);

        var report = await bed.Retention(RetentionBed.Policy("acme", experimentDays: 30, coldDays: 10)).RunAsync(RetentionMode.DryRun, null, RetentionBed.Actor, CancellationToken.None);

        var back = RetentionReportJson.Deserialize(RetentionReportJson.Serialize(report))!;
        Assert.Equal(report.Totals, back.Totals);
        Assert.Equal(report.Actions.Count, back.Actions.Count);
        Assert.Contains("\"action\": \"MoveToCold\"", RetentionReportJson.Serialize(report));
        var table = RetentionReportTable.Render(report);
        Assert.Contains("dry run (nothing changed)", table);
        Assert.Contains("acme", table);
        Assert.Contains("total", table);
        Assert.Contains(report.Totals.BytesDeleted.ToString(System.Globalization.CultureInfo.InvariantCulture), table);
        Assert.Single(report.Tenants);
    }
}
