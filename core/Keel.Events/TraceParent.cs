using System.Diagnostics;

namespace Keel.Events;

/// <summary>W3C <c>traceparent</c> values: parsing (strict) and formatting from an activity.</summary>
public static class TraceParent
{
    public static bool IsValid(string? value) =>
        value is not null && ActivityContext.TryParse(value, null, isRemote: true, out var context) && context.TraceId != default;

    public static bool TryParse(string? value, out ActivityContext context)
    {
        context = default;
        return value is not null && ActivityContext.TryParse(value, null, isRemote: true, out context);
    }

    public static string? From(Activity? activity) => activity?.Id is { } id && activity.IdFormat == ActivityIdFormat.W3C ? id : null;
}
