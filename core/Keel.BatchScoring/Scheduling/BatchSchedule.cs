using Cronos;
using Keel.Costs.Pricing;

namespace Keel.BatchScoring.Scheduling;

/// <summary>A scheduled run: the cron occurrence it belongs to, and when it starts after deferral.</summary>
public sealed record ScheduledRun(DateTimeOffset Occurrence, DateTimeOffset Start)
{
    public bool Deferred => Start != Occurrence;
}

/// <summary>
/// When the configured jobs run: the occurrences of <see cref="BatchScoringOptions.Schedule"/>
/// (six-field NCRONTAB, UTC) and, when <see cref="BatchScoringOptions.DeferWithinHours"/> is set
/// and a price book is configured, each moved to the cheapest CPU hour within that window.
/// </summary>
public sealed class BatchSchedule
{
    private readonly CronExpression _cron;
    private readonly PriceBook? _prices;
    private readonly int _deferWithinHours;
    private readonly TimeSpan _catchUpWithin;

    /// <exception cref="ArgumentException">The schedule is not a six-field NCRONTAB expression, or a setting is out of range.</exception>
    public BatchSchedule(BatchScoringOptions options, PriceBook? prices)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            _cron = CronExpression.Parse(options.Schedule, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException ex)
        {
            throw new ArgumentException($"{BatchScoringOptions.Section}:Schedule '{options.Schedule}' is not a six-field NCRONTAB expression (seconds first): {ex.Message}", nameof(options), ex);
        }
        if (options.DeferWithinHours is < 0 or > 168)
        {
            throw new ArgumentException($"{BatchScoringOptions.Section}:DeferWithinHours is {options.DeferWithinHours}; give 0 to 168 hours.", nameof(options));
        }
        if (options.CatchUpWithin <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{BatchScoringOptions.Section}:CatchUpWithin must be positive.", nameof(options));
        }
        Expression = options.Schedule;
        _prices = prices;
        _deferWithinHours = options.DeferWithinHours ?? 0;
        _catchUpWithin = options.CatchUpWithin;
    }

    public string Expression { get; }

    /// <summary>Whether runs are moved at all: a deferral window and a price book to choose by.</summary>
    public bool Defers => _deferWithinHours > 0 && _prices is not null;

    /// <summary>The first run whose occurrence is after <paramref name="now"/>, with its start.</summary>
    public ScheduledRun? Next(DateTimeOffset now) =>
        _cron.GetNextOccurrence(now, TimeZoneInfo.Utc) is { } occurrence ? Plan(occurrence) : null;

    /// <summary>The run of an occurrence: it starts then, or at the cheapest hour of its deferral window.</summary>
    public ScheduledRun Plan(DateTimeOffset occurrence) =>
        new(occurrence, Defers ? OffPeakHours.CheapestStart(_prices!, occurrence, _deferWithinHours) : occurrence);

    /// <summary>
    /// The run a tick at <paramref name="now"/> should start or wait for: the latest occurrence
    /// whose run can still start now or later (no earlier than its deferral window allows and no
    /// later than <see cref="BatchScoringOptions.CatchUpWithin"/> after its start). An older
    /// occurrence is superseded by a newer one, which scores the same data later.
    /// </summary>
    public ScheduledRun? Current(DateTimeOffset now)
    {
        var occurrence = _cron.GetPreviousOccurrence(now, TimeZoneInfo.Utc, inclusive: true);
        if (occurrence is null || occurrence.Value < now - TimeSpan.FromHours(_deferWithinHours) - _catchUpWithin)
        {
            return null;
        }
        var run = Plan(occurrence.Value);
        return now - run.Start >= _catchUpWithin ? null : run;
    }
}
