using System.Collections.Concurrent;
using System.Text.Json;
using Keel.Features.Definitions;
using Keel.Features.Repository;
using Keel.Features.Transformations;
using Keel.Storage;
using Microsoft.Data.Sqlite;

namespace Keel.Features.Registry;

/// <summary>
/// The feature registry of the embedded default: every object version in one SQLite table,
/// the current version of each in another. Snapshots are cached and rebuilt after an apply,
/// and at most every few seconds so that other processes' applies are seen.
/// </summary>
public sealed class SqliteFeatureRegistry : IFeatureRegistry
{
    private static readonly TimeSpan SnapshotLifetime = TimeSpan.FromSeconds(5);

    private readonly SqliteDatabase _database;
    private readonly TransformationCatalog _transformations;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (RegistrySnapshot Snapshot, DateTimeOffset LoadedAt)> _snapshots = new();
    private readonly SemaphoreSlim _applyLock = new(1, 1);

    public SqliteFeatureRegistry(string path, TransformationCatalog? transformations = null, TimeProvider? time = null)
    {
        _transformations = transformations ?? TransformationCatalog.Default;
        _time = time ?? TimeProvider.System;
        _database = new SqliteDatabase(path,
        [
            """
            CREATE TABLE IF NOT EXISTS feature_objects (
                tenant TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL,
                project TEXT NOT NULL, definition TEXT NOT NULL, created_at TEXT NOT NULL,
                PRIMARY KEY (tenant, kind, name, version)
            );
            """,
            """
            CREATE TABLE IF NOT EXISTS feature_heads (
                tenant TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
                version TEXT NOT NULL, project TEXT NOT NULL, updated_at TEXT NOT NULL,
                PRIMARY KEY (tenant, kind, name)
            );
            """,
        ]);
    }

    public async Task<ApplyResult> ApplyAsync(string tenant, FeatureRepository repository, CancellationToken cancellationToken)
    {
        var errors = FeatureRepositoryValidator.Validate(repository, _transformations);
        if (errors.Count > 0)
        {
            throw new FeatureRegistryException(errors);
        }

        var objects = new List<(string Kind, string Name, string Version, object Definition)>
        {
            (ObjectKinds.Project, repository.Project, DefinitionVersions.Of(repository), repository),
            (ObjectKinds.Dataset, repository.Dataset.Name, DefinitionVersions.Of(repository.Dataset), repository.Dataset),
        };
        objects.AddRange(repository.Entities.Select(e => (ObjectKinds.Entity, e.Name, DefinitionVersions.Of(e), (object)e)));
        objects.AddRange(repository.FeatureViews.Select(v => (ObjectKinds.View, v.Name, DefinitionVersions.OfView(v, _transformations), (object)v)));
        objects.AddRange(repository.FeatureServices.Select(s => (ObjectKinds.Service, s.Name, DefinitionVersions.Of(s), (object)s)));

        await _applyLock.WaitAsync(cancellationToken);
        try
        {
            using var connection = _database.Open();
            using var transaction = connection.BeginTransaction();
            var conflicts = OwnedByOtherProjects(connection, transaction, tenant, repository.Project, objects.Select(o => (o.Kind, o.Name)));
            if (conflicts.Count > 0)
            {
                throw new FeatureRegistryException(conflicts);
            }

            var now = _time.GetUtcNow().ToString("O");
            var applied = new List<AppliedObject>();
            foreach (var (kind, name, version, definition) in objects)
            {
                var current = HeadVersion(connection, transaction, tenant, kind, name);
                Execute(connection, transaction,
                    "INSERT OR IGNORE INTO feature_objects VALUES ($tenant, $kind, $name, $version, $project, $definition, $now)",
                    ("$tenant", tenant), ("$kind", kind), ("$name", name), ("$version", version),
                    ("$project", repository.Project), ("$definition", JsonSerializer.Serialize(definition, definition.GetType(), DefinitionVersions.Json)), ("$now", now));
                Execute(connection, transaction,
                    "INSERT INTO feature_heads VALUES ($tenant, $kind, $name, $version, $project, $now) " +
                    "ON CONFLICT (tenant, kind, name) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at",
                    ("$tenant", tenant), ("$kind", kind), ("$name", name), ("$version", version), ("$project", repository.Project), ("$now", now));
                applied.Add(new AppliedObject(kind, name, version, current != version));
            }
            RemoveDropped(connection, transaction, tenant, repository.Project, objects.Select(o => (o.Kind, o.Name)).ToHashSet());
            transaction.Commit();
            _snapshots.TryRemove(tenant, out _);
            return new ApplyResult(repository.Project, applied);
        }
        finally
        {
            _applyLock.Release();
        }
    }

    public Task<RegistrySnapshot> SnapshotAsync(string tenant, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_snapshots.TryGetValue(tenant, out var cached) && now - cached.LoadedAt < SnapshotLifetime)
        {
            return Task.FromResult(cached.Snapshot);
        }
        var snapshot = Load(tenant);
        _snapshots[tenant] = (snapshot, now);
        return Task.FromResult(snapshot);
    }

    public Task<FeatureViewDefinition?> GetViewVersionAsync(string tenant, string name, string version, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT definition FROM feature_objects WHERE tenant = $t AND kind = $k AND name = $n AND version = $v";
        command.Parameters.AddWithValue("$t", tenant);
        command.Parameters.AddWithValue("$k", ObjectKinds.View);
        command.Parameters.AddWithValue("$n", name);
        command.Parameters.AddWithValue("$v", version);
        return Task.FromResult(command.ExecuteScalar() is string json
            ? JsonSerializer.Deserialize<FeatureViewDefinition>(json, DefinitionVersions.Json)
            : null);
    }

    public Task<IReadOnlyList<string>> TenantsAsync(CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT tenant FROM feature_heads ORDER BY tenant";
        var tenants = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            tenants.Add(reader.GetString(0));
        }
        return Task.FromResult<IReadOnlyList<string>>(tenants);
    }

    private RegistrySnapshot Load(string tenant)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT o.definition, o.version FROM feature_heads h JOIN feature_objects o " +
            "ON o.tenant = h.tenant AND o.kind = h.kind AND o.name = h.name AND o.version = h.version " +
            "WHERE h.tenant = $t AND h.kind = $k ORDER BY h.name";
        command.Parameters.AddWithValue("$t", tenant);
        command.Parameters.AddWithValue("$k", ObjectKinds.Project);
        var repositories = new List<RegisteredRepository>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var repository = JsonSerializer.Deserialize<FeatureRepository>(reader.GetString(0), DefinitionVersions.Json)!;
            repositories.Add(Register(repository, reader.GetString(1)));
        }
        return new RegistrySnapshot(tenant, repositories);
    }

    private RegisteredRepository Register(FeatureRepository repository, string version)
    {
        var views = new List<RegisteredView>();
        foreach (var view in repository.FeatureViews)
        {
            var viewVersion = DefinitionVersions.OfView(view, _transformations);
            var (compiled, errors) = FeatureViewCompiler.Compile(view, viewVersion, repository.Dataset, _transformations);
            if (compiled is null)
            {
                // A transformation registered when the repository was applied is gone from this process.
                throw new FeatureRegistryException(errors);
            }
            views.Add(new RegisteredView(view, viewVersion, compiled));
        }
        return new RegisteredRepository(repository, version, DefinitionVersions.Of(repository.Dataset), views);
    }

    private static List<string> OwnedByOtherProjects(SqliteConnection connection, SqliteTransaction transaction, string tenant, string project, IEnumerable<(string Kind, string Name)> objects)
    {
        var conflicts = new List<string>();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT project FROM feature_heads WHERE tenant = $t AND kind = $k AND name = $n";
        command.Parameters.AddWithValue("$t", tenant);
        var kind = command.Parameters.Add("$k", SqliteType.Text);
        var name = command.Parameters.Add("$n", SqliteType.Text);
        foreach (var (k, n) in objects)
        {
            kind.Value = k;
            name.Value = n;
            if (command.ExecuteScalar() is string owner && owner != project)
            {
                conflicts.Add($"{k} '{n}' belongs to project '{owner}'; rename it or apply that project instead");
            }
        }
        return conflicts;
    }

    private static void RemoveDropped(SqliteConnection connection, SqliteTransaction transaction, string tenant, string project, HashSet<(string, string)> kept)
    {
        var dropped = new List<(string Kind, string Name)>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT kind, name FROM feature_heads WHERE tenant = $t AND project = $p";
            command.Parameters.AddWithValue("$t", tenant);
            command.Parameters.AddWithValue("$p", project);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var key = (reader.GetString(0), reader.GetString(1));
                if (!kept.Contains(key))
                {
                    dropped.Add(key);
                }
            }
        }
        foreach (var (kind, name) in dropped)
        {
            // History stays in feature_objects; only the object stops being current.
            Execute(connection, transaction, "DELETE FROM feature_heads WHERE tenant = $t AND kind = $k AND name = $n",
                ("$t", tenant), ("$k", kind), ("$n", name));
        }
    }

    private static string? HeadVersion(SqliteConnection connection, SqliteTransaction transaction, string tenant, string kind, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM feature_heads WHERE tenant = $t AND kind = $k AND name = $n";
        command.Parameters.AddWithValue("$t", tenant);
        command.Parameters.AddWithValue("$k", kind);
        command.Parameters.AddWithValue("$n", name);
        return command.ExecuteScalar() as string;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        command.ExecuteNonQuery();
    }
}
