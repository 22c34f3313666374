using Microsoft.Extensions.Logging;

namespace Keel.Serving.Runtime;

/// <summary>Hands a batcher's runs to an <see cref="IBatchObserver"/> with the identity of the version that ran them.</summary>
internal sealed class BatchReporter(IBatchObserver observer, string tenant, string model, int version, string provider, ILogger logger)
{
    public void Report(DateTimeOffset start, TimeSpan computeTime, IReadOnlyList<PendingInference> batch, bool succeeded)
    {
        try
        {
            var rows = new int[batch.Count];
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = batch[i].Rows;
            }
            observer.OnBatch(new ServedBatch(tenant, model, version, provider, start, computeTime, rows, succeeded));
        }
        catch (Exception ex)
        {
            // Metering is bookkeeping about the request, not part of answering it.
            logger.LogWarning(ex, "The batch observer failed for model '{Model}' version {Version}", model, version);
        }
    }
}
