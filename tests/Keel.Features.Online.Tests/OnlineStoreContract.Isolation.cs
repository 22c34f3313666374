namespace Keel.Features.Online.Tests;

public abstract partial class OnlineStoreContract
{
    [Fact]
    public async Task Views_are_isolated()
    {
        await Store.WriteAsync(Tenant, "v-one", Version, Score, [Row("c-1", T0, "e-1", 1L)], None);
        await Store.WriteAsync(Tenant, "v-two", Version, Score, [Row("c-1", T0, "e-2", 2L), Row("c-2", T0, "e-3", 3L)], None);

        Assert.Equal(1L, await ScoreOfAsync("c-1", view: "v-one"));
        Assert.Equal(2L, await ScoreOfAsync("c-1", view: "v-two"));
        Assert.Null(await ReadOneAsync("c-2", view: "v-one"));
        Assert.Equal(1, await Store.CountAsync(Tenant, "v-one", None));
        Assert.Equal(2, await Store.CountAsync(Tenant, "v-two", None));
    }

    [Fact]
    public async Task Names_with_separators_and_braces_stay_apart()
    {
        // Each pair would collide in a key layout that joined names with ':' or used them as hash tags unescaped.
        (string View, string Entity)[] places =
        [
            ("a", "b:c"), ("a:b", "c"), ("{a}", "b"), ("a}", ":b"), ("a%3Ab", "c"), ("a", "e:b:c"), ("a:e", "b:c"),
            ("a", "b}:e:c"), ("a}:e:b", "c"),
        ];
        for (var i = 0; i < places.Length; i++)
        {
            await Store.WriteAsync(Tenant, places[i].View, Version, Score, [Row(places[i].Entity, T0, $"e-{i}", (long)i)], None);
        }

        for (var i = 0; i < places.Length; i++)
        {
            Assert.Equal((long)i, await ScoreOfAsync(places[i].Entity, view: places[i].View));
        }
        Assert.Equal(3, await Store.CountAsync(Tenant, "a", None));
        Assert.Equal(1, await Store.CountAsync(Tenant, "a:b", None));
    }

    [Fact]
    public async Task Tenants_are_isolated()
    {
        var other = NewTenant();
        await Store.WriteAsync(Tenant, View, Version, Score, [Row("c-1", T0, "e-1", 1L), Row("c-2", T0, "e-2", 2L)], None);
        await Store.WriteAsync(other, View, Version, Score, [Row("c-1", T0.AddDays(-1), "e-9", 9L)], None);

        Assert.Equal(1L, await ScoreOfAsync("c-1"));
        Assert.Equal(9L, await ScoreOfAsync("c-1", tenant: other));
        Assert.Null(await ReadOneAsync("c-2", tenant: other));
        Assert.Equal(2, await Store.CountAsync(Tenant, View, None));
        Assert.Equal(1, await Store.CountAsync(other, View, None));
        Assert.Equal(0, await Store.CountAsync(NewTenant(), View, None));
    }

    [Fact]
    public async Task Count_is_the_exact_number_of_entities()
    {
        Assert.Equal(0, await Store.CountAsync(Tenant, View, None));

        await WriteScoresAsync([.. Enumerable.Range(0, 5).Select(i => Row($"c-{i}", T0, $"e-{i}", (long)i))]);
        await WriteScoresAsync(Row("c-0", T0.AddMinutes(1), "e-newer", 10L), Row("c-1", T0.AddMinutes(-1), "e-older", 11L));
        await WriteScoresAsync(Row("c-5", T0, "e-5", 5L), Row("c-5", T0.AddMinutes(1), "e-5b", 6L));

        Assert.Equal(6, await Store.CountAsync(Tenant, View, None));
    }
}
