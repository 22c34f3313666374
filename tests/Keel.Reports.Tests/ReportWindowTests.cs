namespace Keel.Reports.Tests;

/// <summary>The window selector of both reports: latest, all, or a duration back from now.</summary>
public sealed class ReportWindowTests
{
    [Theory]
    [InlineData("90m", 90)]
    [InlineData("24h", 24 * 60)]
    [InlineData("7d", 7 * 24 * 60)]
    [InlineData("2W", 14 * 24 * 60)]
    [InlineData(" 1d ", 24 * 60)]
    public void A_duration_reaches_back_from_now(string text, int minutes)
    {
        Assert.True(ReportWindow.TryParse(text, ReportWindow.Latest, out var window, out _));
        Assert.Equal(TimeSpan.FromMinutes(minutes), window.Duration);
        Assert.Equal(ReportBed.Now.AddMinutes(-minutes), window.Since(ReportBed.Now));
        Assert.False(window.IsLatest);
    }

    [Theory]
    [InlineData("latest", true)]
    [InlineData("ALL", false)]
    public void Latest_and_all_are_named(string text, bool latest)
    {
        Assert.True(ReportWindow.TryParse(text, ReportWindow.All, out var window, out _));
        Assert.Equal(latest, window.IsLatest);
        Assert.Null(window.Since(ReportBed.Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_window_takes_the_default(string? text)
    {
        Assert.True(ReportWindow.TryParse(text, ReportWindow.All, out var window, out _));
        Assert.Equal(ReportWindow.All, window);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("24")]
    [InlineData("0h")]
    [InlineData("-1d")]
    [InlineData("1.5d")]
    [InlineData("1y")]
    [InlineData("3651d")]
    [InlineData("999999999w")]
    public void Anything_else_is_refused_naming_the_window(string text)
    {
        Assert.False(ReportWindow.TryParse(text, ReportWindow.Latest, out _, out var error));
        Assert.StartsWith("window:", error);
        Assert.Contains(text, error);
    }
}
