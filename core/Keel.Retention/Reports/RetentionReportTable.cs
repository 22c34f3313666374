using System.Globalization;
using System.Text;
using Keel.Retention.Policy;

namespace Keel.Retention.Reports;

/// <summary>
/// The report as plain text for a terminal: a heading, a row per tenant with a total, then every
/// action. Bytes are shown exactly (a reader reconciling with the store needs them) and in SI units
/// (GB = 10^9 bytes, as storage is priced).
/// </summary>
public static class RetentionReportTable
{
    public static string Render(RetentionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append(report.Forecast ? "Artifact lifecycle — forecast (nothing changed), as of"
                : report.Mode == RetentionMode.DryRun ? "Artifact lifecycle — dry run (nothing changed) at" : "Artifact lifecycle — applied at")
            .Append(CultureInfo.InvariantCulture, $" {report.PlannedAt:u} by {report.Actor}").AppendLine();
        if (report.Forecast)
        {
            text.AppendLine("Ages are measured at that moment on what is stored now; anything registered, archived or audited meanwhile is not foreseen.");
        }
        var currency = report.Totals.Currency ?? "";
        Table(text, ["tenant", "deletes", "bytes deleted", "moves to cold", "bytes moved", $"saved / month {currency}".TrimEnd()],
            [
                .. report.Tenants.Select(t => Row(t.Tenant, t.Totals)),
                Row("total", report.Totals),
            ]);
        if (report.Totals.CostUnknownReason is { } unknown)
        {
            text.AppendLine().Append("Cost unknown: ").AppendLine(unknown);
        }
        if (report.Actions.Count > 0)
        {
            text.AppendLine();
            Table(text, ["action", "tier", "sha256", "bytes", "rule", "owners", "status"],
                report.Actions.Select(a => new[]
                {
                    a.Action.ToString(), a.Tier.ToString(), a.Sha256[..Math.Min(12, a.Sha256.Length)], Bytes(a.Bytes), a.Rule,
                    string.Join(", ", a.Owners.Select(o => $"{o.Tenant}/{o.Target}/{o.ArtifactName}")), a.Status,
                }).ToArray());
        }
        if (report.Kept.Count > 0)
        {
            text.AppendLine().AppendLine("Kept:");
            foreach (var kept in report.Kept)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {kept.Sha256[..Math.Min(12, kept.Sha256.Length)]} {Bytes(kept.Bytes)}: {kept.Reason}").AppendLine();
            }
        }
        foreach (var warning in report.Warnings)
        {
            text.Append("Warning: ").AppendLine(warning);
        }
        return text.ToString();
    }

    private static IReadOnlyList<string> Row(string name, ReportTotals totals) =>
    [
        name,
        totals.Deletes.ToString(CultureInfo.InvariantCulture),
        Bytes(totals.BytesDeleted),
        totals.Moves.ToString(CultureInfo.InvariantCulture),
        Bytes(totals.BytesMoved),
        totals.MonthlySaving is { } saving ? saving.ToString("0.00####", CultureInfo.InvariantCulture) : "unknown",
    ];

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes} ({bytes / 1e9:0.##} GB)"),
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes} ({bytes / 1e6:0.##} MB)"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes} ({bytes / 1e3:0.##} kB)"),
        _ => bytes.ToString(CultureInfo.InvariantCulture),
    };

    private static void Table(StringBuilder text, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        Line(text, header, widths);
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            Line(text, row, widths);
        }
    }

    private static void Line(StringBuilder text, IReadOnlyList<string> cells, int[] widths) =>
        text.AppendLine(string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
}
