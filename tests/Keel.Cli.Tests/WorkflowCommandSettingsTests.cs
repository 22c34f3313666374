using Keel.Cli.Commands;

namespace Keel.Cli.Tests;

/// <summary>What the workflow commands accept before they call the platform.</summary>
public sealed class WorkflowCommandSettingsTests
{
    [Theory]
    [InlineData("24:00:00", 24 * 60)]
    [InlineData("00:30:00", 30)]
    [InlineData("1.12:00:00", 36 * 60)]
    [InlineData("168:00:00", 7 * 24 * 60)]
    public void An_approval_timeout_is_read_as_hours_minutes_seconds_even_past_a_day(string text, int minutes)
    {
        var settings = new WorkflowsStartCommand.Settings { Retrain = "credit_risk", ApprovalTimeoutText = text };
        Assert.True(settings.Validate().Successful);
        Assert.Equal(TimeSpan.FromMinutes(minutes), settings.ApprovalTimeout);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("soon")]
    [InlineData("00:00:00")]
    [InlineData("01:75:00")]
    public void Other_approval_timeouts_are_refused_naming_the_option(string text)
    {
        var result = new WorkflowsStartCommand.Settings { Retrain = "credit_risk", ApprovalTimeoutText = text }.Validate();
        Assert.False(result.Successful);
        Assert.StartsWith("--approval-timeout", result.Message);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("spec.yaml", "credit_risk", 1)]
    [InlineData(null, "credit_risk", null)]
    public void Train_takes_exactly_one_of_a_spec_and_a_lineage_with_its_version(string? spec, string? model, int? version)
    {
        var result = new TrainCommand.Settings { Spec = spec, FromLineage = model, Version = version }.Validate();
        Assert.False(result.Successful);
    }

    [Fact]
    public void Train_from_lineage_needs_only_the_model_and_the_version() =>
        Assert.True(new TrainCommand.Settings { FromLineage = "credit_risk", Version = 3 }.Validate().Successful);
}
