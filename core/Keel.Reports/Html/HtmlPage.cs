using System.Globalization;
using System.Net;
using System.Text;

namespace Keel.Reports.Html;

/// <summary>
/// The frame every report page shares: one self-contained file (inline CSS, no scripts, nothing
/// fetched), and the only way text reaches it, encoded, since names and categories come from data.
/// </summary>
internal static class HtmlPage
{
    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1100px; color: #1f2933; padding: 0 1rem; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; }
        h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d9e2ec; padding-bottom: .3rem; }
        h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
        .meta { color: #52606d; margin-top: 0; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
        th, td { border: 1px solid #d9e2ec; padding: .3rem .6rem; text-align: left; vertical-align: top; }
        th { background: #f0f4f8; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .verdict { display: inline-block; padding: .4rem .8rem; border-radius: 4px; font-weight: 600; margin: .5rem 0; }
        .bad { background: #fde8e8; color: #9b1c1c; }
        .good { background: #e3f9e5; color: #05400a; }
        .neutral { background: #f0f4f8; color: #334e68; }
        .feature { margin-bottom: 1.5rem; }
        svg.hist { display: block; background: #fff; }
        svg.hist text { font-size: 10px; fill: #52606d; }
        .legend span { display: inline-block; width: .8rem; height: .8rem; margin: 0 .3rem 0 1rem; vertical-align: middle; }
        """;

    public static string Render(string title, Action<StringBuilder> body)
    {
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(title)).Append("</title>\n<style>\n")
            .Append(Style).Append("</style>\n</head>\n<body>\n");
        body(html);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Number(double? value, string format = "0.####") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    public static string Percent(double? value) =>
        value is { } v && double.IsFinite(v) ? (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "—";

    public static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "—";

    public static void Verdict(StringBuilder html, string css, string text) =>
        html.Append("<p class=\"verdict ").Append(css).Append("\">").Append(Encode(text)).Append("</p>\n");

    /// <summary>A table whose cells are all text from data; numeric columns are right-aligned.</summary>
    public static void Table(StringBuilder html, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, ISet<int>? numeric = null)
    {
        html.Append("<table>\n<tr>");
        foreach (var header in headers)
        {
            html.Append("<th>").Append(Encode(header)).Append("</th>");
        }
        html.Append("</tr>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                html.Append(numeric?.Contains(i) == true ? "<td class=\"num\">" : "<td>").Append(Encode(row[i])).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }
}
