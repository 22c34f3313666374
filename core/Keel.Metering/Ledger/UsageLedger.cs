using System.Globalization;
using Keel.Costs.Metering;
using Keel.Costs.Pricing;
using Keel.Events;
using Keel.Storage;
using Microsoft.Data.Sqlite;

namespace Keel.Metering;

/// <summary>
/// Metered usage, one SQLite file (<c>costs/ledger.db</c> under the data directory). Every read names
/// its tenant and sees only that tenant's rows. A batch is added in one transaction and an event
/// already recorded is skipped, so redelivery changes nothing. It keeps usage, not money: reports
/// price it with the price book in force, so a corrected book reprices history.
/// </summary>
public sealed class UsageLedger
{
    private const string Columns =
        "tenant, event_id, record_id, activity, kind, item_variant, quantity, start_ticks, end_ticks, device_kind, team, cost_centre, model, version, variant, run_id, predictions, recorded_ticks";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public UsageLedger(string path, TimeProvider? time = null)
    {
        _database = new SqliteDatabase(path, UsageLedgerSchema.Statements);
        _time = time ?? TimeProvider.System;
    }

    public string Path => _database.Path;

    /// <summary>Adds the entries not recorded yet; returns those that were new.</summary>
    public async Task<IReadOnlyList<LedgerEntry>> AddAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var added = new List<LedgerEntry>(entries.Count);
        if (entries.Count == 0)
        {
            return added;
        }
        var now = _time.GetUtcNow().UtcTicks;
        await using var connection = _database.Open();
        await using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var entry in entries)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"""
                INSERT INTO usage ({Columns})
                VALUES ($tenant, $event, $record, $activity, $kind, $item_variant, $quantity, $start, $end, $device, $team, $cost_centre,
                        $model, $version, $variant, $run, $predictions, $recorded)
                ON CONFLICT (tenant, event_id) DO NOTHING;
                """;
            Bind(insert, entry, now);
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0)
            {
                added.Add(entry);
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <summary>The tenant's usage that may fall in [from, to) (pricing cuts it to the window exactly).</summary>
    public async Task<IReadOnlyList<LedgerEntry>> ReadAsync(string tenant, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (!TenantName.IsValid(tenant))
        {
            return [];
        }
        await using var connection = _database.Open();
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {Columns} FROM usage WHERE tenant = $tenant AND end_ticks >= $from AND start_ticks < $to ORDER BY start_ticks, event_id;";
        select.Parameters.AddWithValue("$tenant", tenant);
        select.Parameters.AddWithValue("$from", from.UtcTicks);
        select.Parameters.AddWithValue("$to", to.UtcTicks);
        var entries = new List<LedgerEntry>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(Read(reader));
        }
        return entries;
    }

    /// <summary>When each of the tenant's model versions last served a prediction (the end of its last inference usage that served any).</summary>
    public async Task<IReadOnlyDictionary<(string Model, string Version), DateTimeOffset>> LastTrafficAsync(string tenant, CancellationToken cancellationToken)
    {
        var last = new Dictionary<(string, string), DateTimeOffset>();
        if (!TenantName.IsValid(tenant))
        {
            return last;
        }
        await using var connection = _database.Open();
        await using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT model, version, MAX(end_ticks) FROM usage
            WHERE tenant = $tenant AND activity = 'inference' AND predictions > 0
            GROUP BY model, version;
            """;
        select.Parameters.AddWithValue("$tenant", tenant);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            last[(reader.GetString(0), reader.GetString(1))] = new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero);
        }
        return last;
    }

    private static void Bind(SqliteCommand command, LedgerEntry entry, long now)
    {
        var record = entry.Record;
        command.Parameters.AddWithValue("$tenant", record.Tags.Tenant);
        command.Parameters.AddWithValue("$event", entry.EventId);
        command.Parameters.AddWithValue("$record", record.Id);
        command.Parameters.AddWithValue("$activity", CostMeteredEvent.ActivityName(record.Activity));
        command.Parameters.AddWithValue("$kind", ResourceKinds.Name(record.Item.Kind));
        command.Parameters.AddWithValue("$item_variant", record.Item.Variant);
        command.Parameters.AddWithValue("$quantity", record.Quantity.ToString(CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$start", record.Start.UtcTicks);
        command.Parameters.AddWithValue("$end", record.End.UtcTicks);
        command.Parameters.AddWithValue("$device", record.DeviceKind);
        command.Parameters.AddWithValue("$team", record.Tags.Team);
        command.Parameters.AddWithValue("$cost_centre", record.Tags.CostCentre);
        command.Parameters.AddWithValue("$model", record.Tags.Model);
        command.Parameters.AddWithValue("$version", record.Tags.Version);
        command.Parameters.AddWithValue("$variant", record.Tags.Variant);
        command.Parameters.AddWithValue("$run", record.Tags.RunId);
        command.Parameters.AddWithValue("$predictions", entry.Predictions);
        command.Parameters.AddWithValue("$recorded", now);
    }

    private static LedgerEntry Read(SqliteDataReader reader)
    {
        ResourceKinds.TryParse(reader.GetString(4), out var kind);
        var activity = Enum.GetValues<MeteredActivity>().Single(a => CostMeteredEvent.ActivityName(a) == reader.GetString(3));
        var tags = new AttributionTags(reader.GetString(0), reader.GetString(10), reader.GetString(11), reader.GetString(12), reader.GetString(13),
            reader.GetString(14), reader.GetString(15));
        var record = new UsageRecord(reader.GetString(2), activity, new PriceKey(kind, reader.GetString(5)),
            decimal.Parse(reader.GetString(6), NumberStyles.Float, CultureInfo.InvariantCulture),
            new DateTimeOffset(reader.GetInt64(7), TimeSpan.Zero), new DateTimeOffset(reader.GetInt64(8), TimeSpan.Zero), reader.GetString(9), tags);
        return new LedgerEntry(reader.GetString(1), record, reader.GetInt64(16));
    }
}
