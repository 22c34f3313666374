using Keel.Cli.Commands;

namespace Keel.Cli.Tests;

/// <summary>What <c>keel lifecycle apply</c> accepts before it calls the platform.</summary>
public sealed class LifecycleCommandSettingsTests
{
    [Theory]
    [InlineData("2027-01-31")]
    [InlineData("2027-01-31T02:30:00Z")]
    [InlineData("2027-01-31T02:30:00+01:00")]
    public void A_forecast_takes_a_date_or_an_instant_with_dry_run(string asOf) =>
        Assert.True(new LifecycleApplyCommand.Settings { DryRun = true, AsOf = asOf }.Validate().Successful);

    [Fact]
    public void A_forecast_without_dry_run_is_refused_before_anything_is_applied()
    {
        var result = new LifecycleApplyCommand.Settings { AsOf = "2027-01-31" }.Validate();

        Assert.False(result.Successful);
        Assert.Contains("--dry-run", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_moment_that_is_not_a_date_is_refused_naming_the_option()
    {
        var result = new LifecycleApplyCommand.Settings { DryRun = true, AsOf = "next month" }.Validate();

        Assert.False(result.Successful);
        Assert.StartsWith("--as-of", result.Message, StringComparison.Ordinal);
    }
}
