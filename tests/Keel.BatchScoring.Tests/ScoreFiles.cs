using System.Globalization;
using DuckDB.NET.Data;

namespace Keel.BatchScoring.Tests;

/// <summary>One row of a score file.</summary>
public sealed record ScoredRow(string Entity, double Score, string? Label, string Model, int Version, DateTimeOffset ScoredAt);

/// <summary>Reads score files with DuckDB, the engine the platform queries Parquet with.</summary>
public static class ScoreFiles
{
    public static List<ScoredRow> Read(string path, string where = "true")
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT entity, score, label, model, version, epoch_ms(scored_at) FROM read_parquet('{path.Replace("'", "''", StringComparison.Ordinal)}') WHERE {where}";
        using var reader = command.ExecuteReader();
        var rows = new List<ScoredRow>();
        while (reader.Read())
        {
            rows.Add(new ScoredRow(reader.GetString(0), reader.GetDouble(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.GetInt32(4), DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture))));
        }
        return rows;
    }
}
