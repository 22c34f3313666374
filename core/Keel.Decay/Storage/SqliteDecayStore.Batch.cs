using Microsoft.Data.Sqlite;

namespace Keel.Decay.Storage;

public sealed partial class SqliteDecayStore
{
    /// <summary>The work of one transaction: joins, waits, expiries and the tallies they make.</summary>
    private sealed class Batch(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now, long cutoff)
    {
        private readonly long _now = now.ToUnixTimeMilliseconds();

        public List<LabelTally> Tallies { get; } = [];

        public HashSet<VersionKey> Touched { get; } = [];

        public bool FirstTime(string tenant, string eventId)
        {
            using var command = Command(connection, transaction,
                "INSERT OR IGNORE INTO processed_events (tenant, event_id, processed_at) VALUES ($t, $id, $at)",
                ("$t", tenant), ("$id", eventId), ("$at", _now));
            return command.ExecuteNonQuery() == 1;
        }

        public void AddPrediction(ObservedPrediction p)
        {
            using (var insert = Command(connection, transaction,
                "INSERT OR IGNORE INTO predictions (tenant, prediction_id, join_id, model, version, score, predicted_at) VALUES ($t, $p, $j, $m, $v, $s, $at)",
                ("$t", p.Tenant), ("$p", p.PredictionId), ("$j", p.JoinId), ("$m", p.Model), ("$v", p.Version), ("$s", p.Score), ("$at", p.PredictedAt.ToUnixTimeMilliseconds())))
            {
                if (insert.ExecuteNonQuery() == 0)
                {
                    return;
                }
            }
            using var find = Command(connection, transaction, "SELECT label, joined FROM labels WHERE tenant = $t AND join_id = $j", ("$t", p.Tenant), ("$j", p.JoinId));
            using var reader = find.ExecuteReader();
            if (!reader.Read())
            {
                return;
            }
            var label = reader.GetString(0);
            var wasWaiting = reader.GetInt64(1) == 0;
            reader.Close();
            SetLabel(p.Tenant, p.PredictionId, label);
            Touched.Add(new VersionKey(p.Tenant, p.Model, p.Version));
            if (wasWaiting)
            {
                using var joined = Command(connection, transaction, "UPDATE labels SET joined = 1 WHERE tenant = $t AND join_id = $j", ("$t", p.Tenant), ("$j", p.JoinId));
                joined.ExecuteNonQuery();
                Tallies.Add(new LabelTally(p.Tenant, LabelOutcome.Joined));
            }
        }

        public void AddLabel(ObservedLabel l)
        {
            using (var existing = Command(connection, transaction, "SELECT 1 FROM labels WHERE tenant = $t AND join_id = $j", ("$t", l.Tenant), ("$j", l.PredictionId)))
            {
                if (existing.ExecuteScalar() is not null)
                {
                    Tallies.Add(new LabelTally(l.Tenant, LabelOutcome.Duplicate));
                    return;
                }
            }
            // Observed before the horizon: its prediction is older still, and pruned or about to be.
            if (l.ObservedAt.ToUnixTimeMilliseconds() < cutoff)
            {
                Tallies.Add(new LabelTally(l.Tenant, LabelOutcome.Expired));
                return;
            }
            var predictions = new List<(string Id, string Model, int Version, long At)>();
            using (var find = Command(connection, transaction,
                "SELECT prediction_id, model, version, predicted_at FROM predictions WHERE tenant = $t AND join_id = $j", ("$t", l.Tenant), ("$j", l.PredictionId)))
            using (var reader = find.ExecuteReader())
            {
                while (reader.Read())
                {
                    predictions.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3)));
                }
            }
            var live = predictions.Where(p => p.At >= cutoff).ToList();
            if (predictions.Count > 0 && live.Count == 0)
            {
                Tallies.Add(new LabelTally(l.Tenant, LabelOutcome.Expired));
                return;
            }
            using (var insert = Command(connection, transaction,
                "INSERT INTO labels (tenant, join_id, label, observed_at, received_at, joined) VALUES ($t, $j, $l, $o, $r, $joined)",
                ("$t", l.Tenant), ("$j", l.PredictionId), ("$l", l.LabelJson), ("$o", l.ObservedAt.ToUnixTimeMilliseconds()), ("$r", _now), ("$joined", live.Count > 0 ? 1 : 0)))
            {
                insert.ExecuteNonQuery();
            }
            foreach (var p in live)
            {
                SetLabel(l.Tenant, p.Id, l.LabelJson);
                Touched.Add(new VersionKey(l.Tenant, p.Model, p.Version));
            }
            Tallies.Add(new LabelTally(l.Tenant, live.Count > 0 ? LabelOutcome.Joined : LabelOutcome.Waiting));
        }

        /// <summary>Keeps the waiting labels within their bound by expiring the oldest.</summary>
        public void ExpireOverflow(int maxWaiting)
        {
            using var count = Command(connection, transaction, "SELECT COUNT(*) FROM labels WHERE joined = 0");
            var excess = (long)count.ExecuteScalar()! - maxWaiting;
            if (excess <= 0)
            {
                return;
            }
            var oldest = new List<(string Tenant, string JoinId)>();
            using (var select = Command(connection, transaction,
                "SELECT tenant, join_id FROM labels WHERE joined = 0 ORDER BY received_at, tenant, join_id LIMIT $n", ("$n", excess)))
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    oldest.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
            foreach (var (tenant, joinId) in oldest)
            {
                using var delete = Command(connection, transaction, "DELETE FROM labels WHERE tenant = $t AND join_id = $j", ("$t", tenant), ("$j", joinId));
                delete.ExecuteNonQuery();
                Tallies.Add(new LabelTally(tenant, LabelOutcome.Expired));
            }
        }

        public void Prune()
        {
            using (var expired = Command(connection, transaction,
                "SELECT tenant, COUNT(*) FROM labels WHERE joined = 0 AND received_at < $cut GROUP BY tenant", ("$cut", cutoff)))
            using (var reader = expired.ExecuteReader())
            {
                while (reader.Read())
                {
                    var tenant = reader.GetString(0);
                    Tallies.AddRange(Enumerable.Repeat(new LabelTally(tenant, LabelOutcome.Expired), reader.GetInt32(1)));
                }
            }
            Execute("DELETE FROM labels WHERE received_at < $cut");
            Execute("DELETE FROM predictions WHERE predicted_at < $cut");
            Execute("DELETE FROM processed_events WHERE processed_at < $cut");
        }

        public void SaveTallies()
        {
            foreach (var group in Tallies.GroupBy(t => t))
            {
                using var upsert = Command(connection, transaction,
                    "INSERT INTO label_outcomes (tenant, outcome, count) VALUES ($t, $o, $n) ON CONFLICT (tenant, outcome) DO UPDATE SET count = count + excluded.count",
                    ("$t", group.Key.Tenant), ("$o", group.Key.Outcome.Name()), ("$n", group.Count()));
                upsert.ExecuteNonQuery();
            }
        }

        private void SetLabel(string tenant, string predictionId, string label)
        {
            using var next = Command(connection, transaction,
                "INSERT INTO counters (name, value) VALUES ('label_seq', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value");
            var sequence = (long)next.ExecuteScalar()!;
            using var update = Command(connection, transaction,
                "UPDATE predictions SET label = $l, label_seq = $seq WHERE tenant = $t AND prediction_id = $p",
                ("$l", label), ("$seq", sequence), ("$t", tenant), ("$p", predictionId));
            update.ExecuteNonQuery();
        }

        private void Execute(string sql)
        {
            using var command = Command(connection, transaction, sql, ("$cut", cutoff));
            command.ExecuteNonQuery();
        }
    }
}
