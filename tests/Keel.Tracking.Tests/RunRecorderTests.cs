using static Keel.Tracking.Tests.TrackingTestBed;

namespace Keel.Tracking.Tests;

public sealed class RunRecorderTests : IDisposable
{
    private readonly TrackingTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private Task<RunRecorder> StartAsync(string name) =>
        RunRecorder.StartAsync(_bed.Store, "acme", "credit", name, null, Strings(("seed", "1")), Strings(("team", "risk")), "ci", Ct);

    [Fact]
    public async Task A_completed_run_is_finished()
    {
        string id;
        await using (var run = await StartAsync("ok"))
        {
            id = run.RunId;
            await run.LogMetricsAsync(Metrics(("auc", 0.8)), null, Ct);
            await run.CompleteAsync(Ct);
        }

        var read = await _bed.Store.GetRunAsync("acme", id, Ct);
        Assert.Equal(RunStatus.Finished, read.Status);
        Assert.Equal(0.8, read.Metrics["auc"]);
        Assert.Equal("ci", read.CreatedBy);
    }

    [Fact]
    public async Task A_noted_exception_ends_the_run_as_failed_with_its_message()
    {
        string? id = null;
        var thrown = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await using var run = await StartAsync("broken");
            id = run.RunId;
            try
            {
                throw new InvalidDataException("label column 'default' is missing");
            }
            catch (Exception e)
            {
                run.Fail(e);
                throw;
            }
        });

        var read = await _bed.Store.GetRunAsync("acme", id!, Ct);
        Assert.Equal(RunStatus.Failed, read.Status);
        Assert.Equal(thrown.Message, read.Error);
    }

    [Fact]
    public async Task An_escaped_exception_without_a_note_still_fails_the_run()
    {
        string? id = null;
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var run = await StartAsync("escaped");
            id = run.RunId;
            throw new InvalidOperationException("boom");
        });

        var read = await _bed.Store.GetRunAsync("acme", id!, Ct);
        Assert.Equal(RunStatus.Failed, read.Status);
        Assert.Contains("without completing", read.Error);
    }

    [Fact]
    public async Task A_cancellation_ends_the_run_as_killed()
    {
        string id;
        await using (var run = await StartAsync("cancelled"))
        {
            id = run.RunId;
            run.Fail(new OperationCanceledException());
        }

        Assert.Equal(RunStatus.Killed, (await _bed.Store.GetRunAsync("acme", id, Ct)).Status);
    }

    [Fact]
    public async Task A_run_noted_as_failed_cannot_complete()
    {
        string id;
        await using (var run = await StartAsync("contradiction"))
        {
            id = run.RunId;
            run.Fail(new TimeoutException("trainer timed out"));
            await Assert.ThrowsAsync<InvalidOperationException>(() => run.CompleteAsync(Ct));
        }

        var read = await _bed.Store.GetRunAsync("acme", id, Ct);
        Assert.Equal(RunStatus.Failed, read.Status);
        Assert.Equal("trainer timed out", read.Error);
    }

    [Fact]
    public async Task Disposing_a_run_ended_elsewhere_does_not_throw()
    {
        var run = await StartAsync("ended-elsewhere");
        await _bed.Store.EndRunAsync("acme", run.RunId, RunStatus.Killed, "operator", Ct);

        await run.DisposeAsync();

        Assert.Equal("operator", (await _bed.Store.GetRunAsync("acme", run.RunId, Ct)).Error);
    }
}
