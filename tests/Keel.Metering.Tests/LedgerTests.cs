using System.Security.Claims;
using System.Text.Json;
using Keel.Costs.Attribution;
using Keel.Costs.Metering;
using Keel.Costs.Pricing;
using Keel.Events;
using Keel.Functions.Handlers;
using Keel.Security.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.Metering.Tests;

public sealed class LedgerTests : IDisposable
{
    private static readonly DateTimeOffset From = Prices.Day;
    private static readonly DateTimeOffset To = Prices.Day.AddDays(1);
    private readonly Scratch _scratch = new();

    [Fact]
    public async Task Each_tenant_reads_only_its_own_usage()
    {
        var ledger = new UsageLedger(_scratch.Path("costs", "ledger.db"));
        await Build.Recorder(ledger).HandleAsync([Event(Cpu("a", "acme", 10)), Event(Cpu("b", "globex", 20)), Event(Cpu("c", "acme", 1))], CancellationToken.None);

        Assert.Equal(11m, (await ledger.ReadAsync("acme", From, To, CancellationToken.None)).Sum(e => e.Record.Quantity));
        Assert.Equal(["b"], (await ledger.ReadAsync("globex", From, To, CancellationToken.None)).Select(e => e.Record.Id));
        Assert.Empty(await ledger.ReadAsync("initech", From, To, CancellationToken.None));
        Assert.Empty(await ledger.ReadAsync("' OR 1=1 --", From, To, CancellationToken.None));

        var report = await Build.Queries(ledger, Prices.Book()).ReportAsync("acme", CostDimension.Tenant, From, To, CancellationToken.None);
        var row = Assert.Single(report.Report!.Rollup.Rows);
        Assert.Equal(("acme", 11m * Prices.CpuMorning), (row.Key, row.Cost));
    }

    [Fact]
    public async Task The_same_event_delivered_again_is_recorded_once()
    {
        var ledger = new UsageLedger(_scratch.Path("ledger.db"));
        var recorder = Build.Recorder(ledger);
        var cloudEvent = Event(Cpu("a", "acme", 10));
        await recorder.HandleAsync([cloudEvent, cloudEvent], CancellationToken.None);
        await recorder.HandleAsync([cloudEvent], CancellationToken.None);
        // Metering the same usage again makes the same event id.
        await recorder.HandleAsync([Event(Cpu("a", "acme", 10))], CancellationToken.None);
        Assert.Single(await ledger.ReadAsync("acme", From, To, CancellationToken.None));
    }

    [Fact]
    public async Task Usage_charged_to_another_tenant_than_its_event_and_other_events_are_rejected()
    {
        var ledger = new UsageLedger(_scratch.Path("ledger.db"));
        var forged = Event(Cpu("a", "acme", 10));
        forged.SetTenant("globex");
        var other = Event(Cpu("b", "acme", 1));
        other.Type = KeelEventTypes.CostAnomaly;
        var outcome = await Build.Recorder(ledger).HandleAsync([forged, other, Event(Cpu("c", "acme", 2))], CancellationToken.None);

        Assert.Equal(2, outcome.Rejected.Count);
        Assert.Contains("tenant 'acme'", outcome.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Equal(["c"], (await ledger.ReadAsync("acme", From, To, CancellationToken.None)).Select(e => e.Record.Id));
        Assert.Empty(await ledger.ReadAsync("globex", From, To, CancellationToken.None));
    }

    [Fact]
    public async Task Untagged_usage_is_a_row_of_its_own()
    {
        var ledger = new UsageLedger(_scratch.Path("ledger.db"));
        await Build.Recorder(ledger).HandleAsync(
        [
            Event(Cpu("a", "acme", 10, team: "risk")),
            Event(Cpu("b", "acme", 30)),
            Event(StorageUsage.For("artifacts", "hot", 2_000_000_000, From, To, new AttributionTags("acme"))),
        ], CancellationToken.None);

        var report = await Build.Queries(ledger, Prices.Book()).ReportAsync("acme", CostDimension.Team, From, To, CancellationToken.None);
        var rows = report.Report!.Rollup.Rows.ToDictionary(r => r.Key);
        Assert.Equal(["risk", "untagged"], rows.Keys.Order());
        // Amounts are carried at 12 places.
        Assert.InRange(rows["untagged"].Cost - (30m * Prices.CpuMorning + 2m * 24m / 730m * Prices.Hot), -1e-12m, 1e-12m);
        Assert.Equal(2, rows["untagged"].Records);
        Assert.Contains("untagged,EUR,", Keel.Costs.Reports.CostReportCsv.Write(report.Report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_price_book_the_report_says_so_and_shows_no_money()
    {
        var ledger = new UsageLedger(_scratch.Path("ledger.db"));
        await Build.Recorder(ledger).HandleAsync([Event(Cpu("a", "acme", 10, team: "risk"))], CancellationToken.None);
        var handler = new GetCostReport(Build.Queries(ledger), new FixedTime(To));

        var json = await CallAsync(handler, "acme", "?by=team&from=2025-03-04&to=2025-03-05");
        Assert.Equal(StatusCodes.Status200OK, json.Status);
        using var document = JsonDocument.Parse(json.Body);
        Assert.False(document.RootElement.GetProperty("priced").GetBoolean());
        Assert.Contains("No price book", document.RootElement.GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.False(document.RootElement.TryGetProperty("total", out _));
        Assert.Equal(10m, document.RootElement.GetProperty("usage")[0].GetProperty("quantity").GetDecimal());

        var html = await CallAsync(handler, "acme", "?format=html&from=2025-03-04&to=2025-03-05");
        Assert.Contains("No costs are shown", html.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("EUR", html.Body, StringComparison.Ordinal);

        var csv = await CallAsync(handler, "acme", "?format=csv&from=2025-03-04&to=2025-03-05");
        Assert.Equal(StatusCodes.Status409Conflict, csv.Status);
        Assert.Contains("No price book", csv.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_the_book_has_no_price_for_fails_the_report_instead_of_costing_nothing()
    {
        var ledger = new UsageLedger(_scratch.Path("ledger.db"));
        await Build.Recorder(ledger).HandleAsync(
            [Event(Cpu("a", "acme", 10)), Event(StorageUsage.For("artifacts", "archive", 1_000_000_000, From, To, new AttributionTags("acme")))],
            CancellationToken.None);
        var report = await Build.Queries(ledger, Prices.Book()).ReportAsync("acme", CostDimension.Team, From, To, CancellationToken.None);
        Assert.False(report.Priced);
        Assert.Contains("storage:archive", report.Problem, StringComparison.Ordinal);
        Assert.Equal(2, report.Usage.Count);
    }

    [Fact]
    public async Task The_report_handler_serves_the_callers_tenant_in_json_csv_and_html()
    {
        var ledger = new UsageLedger(_scratch.Path("ledger.db"));
        await Build.Recorder(ledger).HandleAsync(
            [Event(Cpu("a", "acme", 100, team: "risk", model: "credit", version: "3")), Event(Cpu("b", "globex", 999, team: "ops"))], CancellationToken.None);
        var handler = new GetCostReport(Build.Queries(ledger, Prices.Book()), new FixedTime(To));

        var json = await CallAsync(handler, "acme", "?by=version&from=2025-03-04T00:00:00Z&to=2025-03-05T00:00:00Z");
        using var document = JsonDocument.Parse(json.Body);
        Assert.True(document.RootElement.GetProperty("priced").GetBoolean());
        Assert.Equal("0.00", document.RootElement.GetProperty("total").GetString());
        Assert.Equal(100m * Prices.CpuMorning, document.RootElement.GetProperty("total_unrounded").GetDecimal());
        Assert.Equal("credit@3", Assert.Single(document.RootElement.GetProperty("rows").EnumerateArray()).GetProperty("key").GetString());

        var csv = await CallAsync(handler, "acme", "?by=team&format=csv&from=2025-03-04&to=2025-03-05");
        Assert.StartsWith("team,currency,cost,cost_unrounded,records\r\nrisk,EUR,0.00,0.001", csv.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("ops", csv.Body, StringComparison.Ordinal);

        var html = await CallAsync(handler, "acme", "?by=team&format=html&from=2025-03-04&to=2025-03-05");
        Assert.Contains("<svg", html.Body, StringComparison.Ordinal);

        var bad = await CallAsync(handler, "acme", "?by=colour");
        Assert.Equal(StatusCodes.Status400BadRequest, bad.Status);
        var backwards = await CallAsync(handler, "acme", "?from=2025-03-05&to=2025-03-04");
        Assert.Equal(StatusCodes.Status400BadRequest, backwards.Status);
    }

    public void Dispose() => _scratch.Dispose();

    internal static UsageRecord Cpu(string id, string tenant, decimal coreSeconds, string? team = null, string? model = null, string? version = null) =>
        new(id, MeteredActivity.Training, new PriceKey(ResourceKind.Cpu), coreSeconds, From.AddHours(1), From.AddHours(2), "cpu",
            new AttributionTags(tenant, team, model: model, version: version));

    internal static CloudNative.CloudEvents.CloudEvent Event(UsageRecord record) => CostMeteredEvent.Create(record, Prices.Day);

    private static async Task<(int Status, string Body)> CallAsync(GetCostReport handler, string tenant, string query)
    {
        var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.QueryString = new QueryString(query);
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(KeelClaims.Subject, "tests"), new Claim(KeelClaims.Tenant, tenant)], "test"));
        var body = new MemoryStream();
        context.Response.Body = body;
        var result = await handler.HandleAsync(context.Request, CancellationToken.None);
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
