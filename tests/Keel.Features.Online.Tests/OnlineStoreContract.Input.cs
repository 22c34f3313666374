namespace Keel.Features.Online.Tests;

public abstract partial class OnlineStoreContract
{
    public static TheoryData<string, object?[]> BadRows => new()
    {
        { "an int instead of a long", [1L, 2] },
        { "a decimal", [1L, 2.5m] },
        { "a float", [1L, 2.5f] },
        { "a DateTime instead of a DateTimeOffset", [1L, DateTime.UtcNow] },
        { "too few values", [1L] },
        { "too many values", [1L, 2L, 3L] },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task A_bad_row_fails_its_whole_write_and_nothing_of_it_is_stored(string problem, object?[] badValues)
    {
        var rows = new[] { Row("good", T0, "e-1", 1L, 2L), Row("bad", T0, "e-2", badValues) };

        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(Tenant, View, Version, ["a", "b"], rows, None));

        Assert.Null(await ReadOneAsync("good"));
        Assert.True(await Store.CountAsync(Tenant, View, None) == 0, $"a write with {problem} stored rows");
    }

    [Fact]
    public async Task Malformed_writes_and_reads_are_rejected()
    {
        var row = Row("c-1", T0, "e-1", 1L);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync("Not A Tenant", View, Version, Score, [row], None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(Tenant, "", Version, Score, [row], None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(Tenant, View, Version, ["a", "a"], [Row("c-1", T0, "e-1", 1L, 2L)], None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(Tenant, View, Version, Score, [Row("", T0, "e-1", 1L)], None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(Tenant, View, Version, Score, [Row("c-1", T0, "", 1L)], None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadAsync("../other", View, ["c-1"], None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CountAsync("Other", View, None));
        Assert.Equal(0, await Store.CountAsync(Tenant, View, None));
    }
}
