using System.Globalization;
using Keel.Storage;

namespace Keel.Features.Materialization;

/// <summary>Watermarks of the embedded default, one SQLite row per tenant and view.</summary>
public sealed class SqliteMaterializationWatermarks(string path) : IMaterializationWatermarks
{
    private readonly SqliteDatabase _database = new(path,
    [
        "CREATE TABLE IF NOT EXISTS materialization_watermarks (tenant TEXT NOT NULL, view TEXT NOT NULL, loaded_until TEXT NOT NULL, PRIMARY KEY (tenant, view));",
    ]);

    public Task<DateTimeOffset?> GetAsync(string tenant, string view, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT loaded_until FROM materialization_watermarks WHERE tenant = $t AND view = $v";
        command.Parameters.AddWithValue("$t", tenant);
        command.Parameters.AddWithValue("$v", view);
        return Task.FromResult(command.ExecuteScalar() is string text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            : (DateTimeOffset?)null);
    }

    public Task SetAsync(string tenant, string view, DateTimeOffset loadedUntil, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO materialization_watermarks VALUES ($t, $v, $u) ON CONFLICT (tenant, view) DO UPDATE SET loaded_until = excluded.loaded_until";
        command.Parameters.AddWithValue("$t", tenant);
        command.Parameters.AddWithValue("$v", view);
        command.Parameters.AddWithValue("$u", loadedUntil.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }
}
