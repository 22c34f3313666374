namespace Keel.Features.Online.Tests;

/// <summary>
/// What every <see cref="IOnlineStore"/> must do. Each store's test class derives from this one,
/// so the embedded store and the Redis adapter run exactly the same tests. Every test works in
/// a tenant of its own, so tests sharing a store (or a Redis server) never see each other's data.
/// </summary>
public abstract partial class OnlineStoreContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected static readonly CancellationToken None = CancellationToken.None;

    protected const string View = "credit";

    protected const string Version = "v1";

    protected static readonly string[] Score = ["score"];

    protected string Tenant { get; } = NewTenant();

    /// <summary>The store under test, made fresh for each test.</summary>
    protected abstract IOnlineStore Store { get; }

    protected static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..20];

    protected static FeatureRow Row(string entity, DateTimeOffset eventTime, string eventId, params object?[] values) =>
        new(entity, eventTime, eventTime, eventId, values);

    protected Task WriteScoresAsync(params FeatureRow[] rows) => Store.WriteAsync(Tenant, View, Version, Score, rows, None);

    protected async Task<OnlineRecord?> ReadOneAsync(string entity, string? tenant = null, string view = View) =>
        (await Store.ReadAsync(tenant ?? Tenant, view, [entity], None))[0];

    protected async Task<object?> ScoreOfAsync(string entity, string? tenant = null, string view = View)
    {
        var record = await ReadOneAsync(entity, tenant, view);
        Assert.NotNull(record);
        return record.Values["score"];
    }
}
