using CloudNative.CloudEvents;
using Keel.Events.Messaging;
using Keel.Storage;

namespace Keel.Events.Tests;

public sealed class LedgerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-ledger-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_idempotent_handler_applies_each_event_id_once_per_tenant()
    {
        var ledger = new SqliteEventLedger(Path.Combine(_dir, "ledger.db"));
        var inner = new CountingHandler();
        var handler = new IdempotentHandler(inner, ledger);

        await handler.HandleAsync([Event("a", "t1"), Event("b", "t1"), Event("a", "t1")], default);
        await handler.HandleAsync([Event("a", "t1"), Event("b", "t1"), Event("a", "t2")], default);

        Assert.Equal(["t1/a", "t1/b", "t2/a"], inner.Applied);
    }

    [Fact]
    public async Task The_ledger_survives_a_reopen()
    {
        var path = Path.Combine(_dir, "ledger.db");
        await new SqliteEventLedger(path).MarkProcessedAsync("h", "t", ["x"], default);

        var seen = await new SqliteEventLedger(path).FindProcessedAsync("h", "t", ["x", "y"], default);

        Assert.Equal(["x"], seen);
    }

    [Fact]
    public async Task A_failing_handler_leaves_its_events_unmarked_so_a_retry_applies_them()
    {
        var ledger = new SqliteEventLedger(Path.Combine(_dir, "ledger.db"));
        var inner = new CountingHandler { FailOnce = true };
        var handler = new IdempotentHandler(inner, ledger);

        await Assert.ThrowsAsync<InvalidOperationException>(() => handler.HandleAsync([Event("a", "t")], default));
        await handler.HandleAsync([Event("a", "t")], default);

        Assert.Equal(["t/a"], inner.Applied);
    }

    private static CloudEvent Event(string id, string tenant)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, KeelAttributes.All) { Id = id, Type = "t", Source = new Uri("/s", UriKind.Relative) };
        cloudEvent.SetTenant(tenant);
        return cloudEvent;
    }

    private sealed class CountingHandler : IEventBatchHandler
    {
        public List<string> Applied { get; } = [];

        public bool FailOnce { get; set; }

        public string Name => "counting";

        public Task<BatchOutcome> HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
        {
            if (FailOnce)
            {
                FailOnce = false;
                throw new InvalidOperationException("first attempt fails");
            }
            Applied.AddRange(events.Select(e => $"{e.GetTenant()}/{e.Id}"));
            return Task.FromResult(BatchOutcome.Success);
        }
    }
}
