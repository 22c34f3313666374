using Keel.Functions.Handlers;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Keel.Functions.FunctionCatalog;

namespace Keel.Functions.Host;

/// <summary>The artifact lifecycle policy: nightly on its Timer trigger, and on demand (dry run by default).</summary>
public sealed class RetentionFunctions(ApplyRetention retention)
{
    [Function(Names.ApplyRetentionNow)]
    public Task<IResult> ApplyRetentionNow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.LifecycleApply)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.ApplyRetentionNow, () => retention.HandleAsync(request, cancellationToken));

    [Function(Names.ApplyRetention)]
    public Task ApplyRetention([TimerTrigger(Schedules.ApplyRetention)] TimerInfo timer, CancellationToken cancellationToken) =>
        retention.RunScheduledAsync(cancellationToken);
}
