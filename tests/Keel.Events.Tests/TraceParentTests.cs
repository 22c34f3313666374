using System.Diagnostics;

namespace Keel.Events.Tests;

public class TraceParentTests
{
    [Theory]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", true)]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01", false)]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", false)]
    [InlineData("garbage", false)]
    public void Only_w3c_trace_contexts_are_valid(string value, bool valid) =>
        Assert.Equal(valid, TraceParent.IsValid(value));

    [Fact]
    public void An_activity_formats_as_a_valid_traceparent()
    {
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();

        var value = TraceParent.From(activity);

        Assert.True(TraceParent.IsValid(value));
        Assert.Contains(activity.TraceId.ToHexString(), value);
    }
}
