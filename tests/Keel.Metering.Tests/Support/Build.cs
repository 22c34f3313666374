using Keel.Costs.Pricing;
using Keel.Events.Messaging;
using Keel.Functions.Handlers;
using Keel.Serving;
using Keel.Serving.Deployments;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Keel.Metering.Tests;

/// <summary>The metering parts wired by hand, as the registration extensions wire them.</summary>
internal static class Build
{
    public static CostEventOutbox Outbox(IEventPublisher publisher, string spool, MeteringOptions? options = null) =>
        new(publisher, new CostSpool(spool, NullLogger.Instance), Options.Create(options ?? new MeteringOptions()), TimeProvider.System,
            NullLogger<CostEventOutbox>.Instance);

    public static InferenceMeter Inference(ServingOptions? serving = null, IDeploymentPlanStore? plans = null, MeteringOptions? options = null,
        CostEventOutbox? outbox = null) =>
        new(new InferenceTags(new FixedMonitor<ServingOptions>(serving ?? new ServingOptions()), plans), Options.Create(options ?? new MeteringOptions()),
            NullLogger<InferenceMeter>.Instance, outbox);

    public static RecordCosts Recorder(UsageLedger ledger, PriceBook? book = null) =>
        new(ledger, book is null ? PriceBookSource.None : PriceBookSource.Of(book), new CostMetrics());

    public static CostQueries Queries(UsageLedger ledger, PriceBook? book = null) =>
        new(ledger, book is null ? PriceBookSource.None : PriceBookSource.Of(book));

    private sealed class FixedMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
