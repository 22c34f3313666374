using Keel.Costs.Pricing;

namespace Keel.BatchScoring.Scheduling;

/// <summary>The price of running one core for an hour from a candidate start; null when no CPU price is in effect then.</summary>
public sealed record HourPrice(DateTimeOffset Start, decimal? CoreHourPrice);

/// <summary>
/// Chooses when, within a window, a CPU job is cheapest to start, by the price book's CPU price
/// and its effective dates. A pure function of the book and the window, so every tick of the
/// scheduler (and every replica) arrives at the same hour.
/// </summary>
public static class OffPeakHours
{
    private static readonly PriceKey Cpu = new(ResourceKind.Cpu);

    /// <summary>
    /// The candidates: <paramref name="from"/> itself, then every top of the hour after it and
    /// before <paramref name="from"/> + <paramref name="withinHours"/> hours, each priced for the
    /// hour that follows it (a price change inside that hour is weighted by the time it holds).
    /// </summary>
    public static IReadOnlyList<HourPrice> Candidates(PriceBook book, DateTimeOffset from, int withinHours)
    {
        ArgumentNullException.ThrowIfNull(book);
        var end = from.AddHours(Math.Max(0, withinHours));
        var starts = new List<DateTimeOffset> { from };
        for (var hour = TopOfNextHour(from); hour < end; hour = hour.AddHours(1))
        {
            starts.Add(hour);
        }
        return starts.Select(start => new HourPrice(start, CoreHour(book, start))).ToArray();
    }

    /// <summary>The cheapest candidate's start, the earliest of equally cheap ones; <paramref name="from"/> when none is priced.</summary>
    public static DateTimeOffset CheapestStart(PriceBook book, DateTimeOffset from, int withinHours)
    {
        var best = from;
        decimal? bestPrice = null;
        foreach (var candidate in Candidates(book, from, withinHours))
        {
            // Strictly cheaper only: on a tie the earlier start, already held, stays.
            if (candidate.CoreHourPrice is { } price && (bestPrice is null || price < bestPrice))
            {
                best = candidate.Start;
                bestPrice = price;
            }
        }
        return best;
    }

    private static decimal? CoreHour(PriceBook book, DateTimeOffset start)
    {
        try
        {
            // Core-seconds priced span by span, so a change at half past counts for half the hour.
            return book.Spans(Cpu, start, start.AddHours(1)).Sum(s => s.UnitPrice * (s.To - s.From).Ticks / TimeSpan.TicksPerSecond);
        }
        catch (PriceBookException)
        {
            // No CPU price in effect at this start (or none at all): not a candidate.
            return null;
        }
    }

    private static DateTimeOffset TopOfNextHour(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var hour = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
        return hour.AddHours(1);
    }
}
