using Keel.BatchScoring.Scheduling;
using Keel.Costs.Pricing;

namespace Keel.BatchScoring.Tests;

/// <summary>The pure choice of the hour a deferred job starts at.</summary>
public sealed class DeferralTests
{
    private static readonly DateTimeOffset Two = Books.Day.AddHours(2);

    [Fact]
    public void The_cheapest_hour_of_the_window_is_chosen()
    {
        //                       00    01    02    03    04    05    06    07
        var book = Books.Hourly(0.5m, 0.5m, 0.4m, 0.3m, 0.1m, 0.2m, 0.6m, 0.05m);

        Assert.Equal(Books.Day.AddHours(4), OffPeakHours.CheapestStart(book, Two, withinHours: 4));
    }

    [Fact]
    public void Of_equally_cheap_hours_the_earliest_is_chosen()
    {
        var book = Books.Hourly(0.5m, 0.5m, 0.4m, 0.2m, 0.3m, 0.2m, 0.2m);

        Assert.Equal(Books.Day.AddHours(3), OffPeakHours.CheapestStart(book, Two, withinHours: 5));
        // The occurrence itself wins a tie with every later hour.
        Assert.Equal(Two, OffPeakHours.CheapestStart(Books.Hourly(0.2m, 0.2m, 0.2m), Two, withinHours: 6));
    }

    [Fact]
    public void A_cheaper_hour_beyond_the_window_is_not_chosen()
    {
        var book = Books.Hourly(0.5m, 0.5m, 0.4m, 0.3m, 0.35m, 0.01m);

        // Starts 02:00, 03:00 and 04:00 lie within three hours of 02:00; 05:00 does not.
        Assert.Equal(Books.Day.AddHours(3), OffPeakHours.CheapestStart(book, Two, withinHours: 3));
        Assert.Equal(3, OffPeakHours.Candidates(book, Two, 3).Count);
    }

    [Fact]
    public void An_occurrence_off_the_hour_competes_with_the_tops_of_the_following_hours_each_priced_for_its_hour()
    {
        var book = Books.Hourly(0.4m, 0.4m, 0.4m, 0.1m, 0.3m);
        var half = Books.Day.AddHours(2.5);

        var candidates = OffPeakHours.Candidates(book, half, withinHours: 2);

        Assert.Equal([half, Books.Day.AddHours(3), Books.Day.AddHours(4)], candidates.Select(c => c.Start));
        // From 02:30, half an hour at 0.4 and half an hour at 0.1: 1800 × 0.4 + 1800 × 0.1 core-seconds.
        Assert.Equal(900m, candidates[0].CoreHourPrice);
        Assert.Equal(360m, candidates[1].CoreHourPrice);
        Assert.Equal(Books.Day.AddHours(3), OffPeakHours.CheapestStart(book, half, 2));
    }

    [Fact]
    public void Hours_without_a_price_in_effect_are_not_candidates()
    {
        // The book's first CPU price takes effect at 04:00.
        var book = PriceBookBuilder.Build(new PriceBookOptions
        {
            Currency = "EUR",
            Prices = [new PriceOptions { Kind = "cpu", UnitPrice = 0.3m, EffectiveFrom = Books.Day.AddHours(4) }],
        }, "late book");

        Assert.Null(OffPeakHours.Candidates(book, Two, 4)[0].CoreHourPrice);
        Assert.Equal(Books.Day.AddHours(4), OffPeakHours.CheapestStart(book, Two, 4));
        // With nothing priced in the window the job runs when it was scheduled.
        Assert.Equal(Two, OffPeakHours.CheapestStart(book, Two, 2));
    }

    [Fact]
    public void A_book_without_cpu_prices_leaves_the_start_where_it_was()
    {
        var book = PriceBookBuilder.Build(new PriceBookOptions
        {
            Currency = "EUR",
            Prices = [new PriceOptions { Kind = "gpu", Variant = "a100", UnitPrice = 0.001m, EffectiveFrom = Books.Day }],
        }, "gpu book");

        Assert.Equal(Two, OffPeakHours.CheapestStart(book, Two, 6));
    }
}
