using System.Globalization;
using System.Text.RegularExpressions;

namespace Keel.Reports;

/// <summary>
/// Which stretch of history a report covers: <c>latest</c> (the last judged window), <c>all</c>
/// (everything still kept), or a duration back from now such as <c>90m</c>, <c>24h</c>, <c>7d</c>, <c>2w</c>.
/// </summary>
public sealed partial record ReportWindow
{
    /// <summary>The longest duration accepted: further back than any retention keeps.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(3650);

    public static readonly ReportWindow Latest = new("latest", null);

    public static readonly ReportWindow All = new("all", null);

    private ReportWindow(string text, TimeSpan? duration)
    {
        Text = text;
        Duration = duration;
    }

    /// <summary>How the window was asked for, normalised (<c>latest</c>, <c>all</c>, <c>24h</c>).</summary>
    public string Text { get; }

    /// <summary>How far back from now, for a duration; null for <c>latest</c> and <c>all</c>.</summary>
    public TimeSpan? Duration { get; }

    public bool IsLatest => this == Latest;

    /// <summary>The earliest time the window takes in, or null when it has no lower bound.</summary>
    public DateTimeOffset? Since(DateTimeOffset now) => Duration is { } duration ? now - duration : null;

    /// <summary>Reads <paramref name="text"/>; null or empty gives <paramref name="fallback"/>.</summary>
    public static bool TryParse(string? text, ReportWindow fallback, out ReportWindow window, out string error)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        window = fallback;
        error = "";
        var trimmed = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(trimmed))
        {
            return true;
        }
        if (trimmed == Latest.Text || trimmed == All.Text)
        {
            window = trimmed == Latest.Text ? Latest : All;
            return true;
        }
        var match = DurationPattern().Match(trimmed);
        if (match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            var unit = match.Groups[2].Value switch
            {
                "m" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                "d" => TimeSpan.FromDays(1),
                _ => TimeSpan.FromDays(7),
            };
            if (amount <= MaxDuration.Ticks / unit.Ticks)
            {
                window = new ReportWindow($"{amount}{match.Groups[2].Value}", unit * amount);
                return true;
            }
        }
        error = $"window: '{text}' is not latest, all or a duration such as 90m, 24h, 7d or 2w (at most {MaxDuration.TotalDays:0} days)";
        return false;
    }

    [GeneratedRegex("^([0-9]{1,9})([mhdw])$")]
    private static partial Regex DurationPattern();
}
