using System.Globalization;

namespace Keel.Features.Repository;

/// <summary>Durations as people write them in repository files: <c>90d</c>, <c>12h</c>, <c>30m</c>, <c>45s</c>.</summary>
public static class Durations
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration);
        }
        duration = char.ToLowerInvariant(text[^1]) switch
        {
            'd' => TimeSpan.FromDays(amount),
            'h' => TimeSpan.FromHours(amount),
            'm' => TimeSpan.FromMinutes(amount),
            's' => TimeSpan.FromSeconds(amount),
            _ => TimeSpan.Zero,
        };
        return duration > TimeSpan.Zero;
    }

    public static string Format(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerDay == 0 ? $"{(long)duration.TotalDays}d"
        : duration.Ticks % TimeSpan.TicksPerHour == 0 ? $"{(long)duration.TotalHours}h"
        : duration.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{(long)duration.TotalMinutes}m"
        : $"{(long)duration.TotalSeconds}s";
}
