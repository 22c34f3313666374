using Keel.Security.ApiKeys;

namespace Keel.Governance.Tests;

/// <summary>Keys created and revoked are appended with their id, name and roles — never the secret; refusals append nothing.</summary>
public sealed class AuditedApiKeyStoreTests : IDisposable
{
    private readonly AuditBed _bed = new();
    private readonly AuditedApiKeyStore _keys;

    public AuditedApiKeyStoreTests()
    {
        _keys = new AuditedApiKeyStore(new SqliteApiKeyStore(_bed.Directory.File("auth", "api-keys.db")), _bed.Log, _bed.Actors);
    }

    [Fact]
    public async Task A_created_key_appends_its_id_name_and_roles_but_not_its_secret()
    {
        var issued = await _keys.CreateAsync("acme", "scorer", ["service"], "admin-ann", CancellationToken.None);

        var entry = Assert.Single(await _bed.EntriesAsync());
        Assert.Equal(("acme", "admin-ann", GovernanceActions.ApiKeyCreated, "apikey:" + issued.Key.Id), (entry.Tenant, entry.Actor, entry.Action, entry.Target));
        var details = AuditBed.Details(entry);
        Assert.Equal("scorer", (string?)details["name"]);
        Assert.Equal(["service"], details["roles"]!.AsArray().Select(r => (string?)r));
        Assert.DoesNotContain(issued.Secret, entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_key_appends_nothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _keys.CreateAsync("acme", "scorer", ["superuser"], "admin-ann", CancellationToken.None));

        Assert.Empty(await _bed.EntriesAsync());
    }

    [Fact]
    public async Task A_revoked_key_appends_by_the_scoped_actor_and_revoking_again_or_elsewhere_appends_nothing()
    {
        var issued = await _keys.CreateAsync("acme", "scorer", ["service"], "admin-ann", CancellationToken.None);

        using (AuditActorScope.Begin("admin-bob"))
        {
            Assert.False(await _keys.RevokeAsync("globex", issued.Key.Id, CancellationToken.None));
            Assert.True(await _keys.RevokeAsync("acme", issued.Key.Id, CancellationToken.None));
            Assert.False(await _keys.RevokeAsync("acme", issued.Key.Id, CancellationToken.None));
        }

        var entries = await _bed.EntriesAsync();
        Assert.Equal(2, entries.Count);
        Assert.Equal(("admin-bob", GovernanceActions.ApiKeyRevoked, "apikey:" + issued.Key.Id), (entries[1].Actor, entries[1].Action, entries[1].Target));
        Assert.Equal("scorer", (string?)AuditBed.Details(entries[1])["name"]);
    }

    [Fact]
    public async Task Listing_and_authenticating_append_nothing()
    {
        var issued = await _keys.CreateAsync("acme", "scorer", ["service"], "admin-ann", CancellationToken.None);

        Assert.NotNull(await _keys.AuthenticateAsync(issued.Secret, CancellationToken.None));
        Assert.Single(await _keys.ListAsync("acme", CancellationToken.None));

        Assert.Single(await _bed.EntriesAsync());
    }

    public void Dispose() => _bed.Dispose();
}
