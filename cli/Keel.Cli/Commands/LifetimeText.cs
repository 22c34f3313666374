using System.Globalization;

namespace Keel.Cli.Commands;

/// <summary>A lifetime as people write it on a command line: <c>45m</c>, <c>8h</c>, <c>7d</c>, or <c>[d.]hh:mm:ss</c>.</summary>
public static class LifetimeText
{
    public static bool TryParse(string? text, out TimeSpan lifetime)
    {
        lifetime = TimeSpan.Zero;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        Func<double, TimeSpan>? unit = char.ToLowerInvariant(text[^1]) switch
        {
            's' => TimeSpan.FromSeconds,
            'm' => TimeSpan.FromMinutes,
            'h' => TimeSpan.FromHours,
            'd' => TimeSpan.FromDays,
            _ => null,
        };
        if (unit is not null)
        {
            if (!double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount > 3650)
            {
                return false;
            }
            lifetime = unit(amount);
            return true;
        }
        return TimeSpan.TryParseExact(text, ["c", @"d\.hh\:mm\:ss", @"hh\:mm\:ss"], CultureInfo.InvariantCulture, out lifetime);
    }
}
