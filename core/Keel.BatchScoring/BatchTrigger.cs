using System.Globalization;

namespace Keel.BatchScoring;

/// <summary>What started a job: a schedule's occurrence, or a caller's request.</summary>
public sealed record BatchTrigger(string Kind, string Actor, DateTimeOffset? Occurrence)
{
    public const string ScheduleKind = "schedule";
    public const string RequestKind = "request";

    /// <summary>The actor recorded for scheduled runs.</summary>
    public const string Scheduler = "keel-scheduler";

    public static BatchTrigger Scheduled(DateTimeOffset occurrence) => new(ScheduleKind, Scheduler, occurrence);

    public static BatchTrigger Request(string actor) => new(RequestKind, actor, null);

    /// <summary>How a run records its occurrence, and how the scheduler finds it again.</summary>
    public static string Format(DateTimeOffset occurrence) => occurrence.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
