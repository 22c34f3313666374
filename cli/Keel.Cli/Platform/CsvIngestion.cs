using CloudNative.CloudEvents;
using Keel.Cli.Client;
using Keel.Features.Definitions;
using Keel.Features.Repository;
using Keel.Ingestion.Csv;

namespace Keel.Cli.Platform;

/// <summary>What replaying a CSV file did: rows read, events stored, every rejected row with why, and how many distinct entities the stored events describe.</summary>
public sealed record IngestSummary(long Rows, int Accepted, IReadOnlyList<RowRejection> Rejected, int Entities);

public sealed record RowRejection(long Row, string Reason);

/// <summary>
/// Replays a CSV file through the platform's ingestion API in batches: the feature repository is
/// applied first, then every row travels as a record CloudEvent, and every rejection is kept
/// with its row number.
/// </summary>
public static class CsvIngestion
{
    public const int DefaultBatchSize = 500;

    /// <summary>Counts the data rows, so progress can show a total.</summary>
    public static long CountRows(string csvPath) =>
        CsvReader.ReadAll(csvPath).Skip(1).LongCount(r => !(r.Length == 1 && r[0] is null));

    public static async Task<IngestSummary> RunAsync(
        KeelClient client,
        FeatureRepository repository,
        string csvPath,
        string tenant,
        int batchSize,
        Action<long>? rowsDone,
        CancellationToken cancellationToken)
    {
        await client.ApplyRepositoryAsync(FeatureRepositoryFile.Serialize(repository), cancellationToken);

        var source = new CsvRecordSource(repository.Dataset, csvPath, tenant, DateTimeOffset.UtcNow);
        var rejected = new List<RowRejection>();
        var batch = new List<(long Row, CloudEvent Event)>(batchSize);
        long rows = 0;
        var accepted = 0;
        var entities = new HashSet<string>(StringComparer.Ordinal);

        async Task SendAsync()
        {
            var reply = await client.IngestAsync(batch.Select(b => b.Event).ToArray(), cancellationToken);
            accepted += reply.Accepted;
            var refused = reply.Rejected.Select(r => r.Index).ToHashSet();
            entities.UnionWith(batch.Where((_, i) => !refused.Contains(i)).Select(b => b.Event.Subject!));
            rejected.AddRange(reply.Rejected.Select(r => new RowRejection(batch[r.Index].Row, r.Reason)));
            rowsDone?.Invoke(rows);
            batch.Clear();
        }

        foreach (var record in source.Read())
        {
            rows = record.Row;
            if (record.Event is null)
            {
                rejected.Add(new RowRejection(record.Row, record.Problem!.ToString()));
                continue;
            }
            batch.Add((record.Row, record.Event));
            if (batch.Count == batchSize)
            {
                await SendAsync();
            }
        }
        if (batch.Count > 0)
        {
            await SendAsync();
        }
        rowsDone?.Invoke(rows);
        return new IngestSummary(rows, accepted, rejected, entities.Count);
    }
}
