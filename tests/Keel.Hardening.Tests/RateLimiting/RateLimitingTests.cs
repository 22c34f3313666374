using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Keel.Hardening.Problems;
using Keel.Hardening.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Keel.Hardening.Tests.RateLimiting;

public class RateLimitingTests
{
    // Identities stand in for authentication, which comes later: a test header names the claims.
    private const string IdentityHeader = "X-Test-Identity";

    private static Task<TestApp> StartAsync(string algorithm = "TokenBucket") => TestApp.StartAsync(
        builder =>
        {
            builder.Services.AddKeelProblemDetails();
            builder.Services.AddKeelRateLimiting(builder.Configuration);
        },
        app =>
        {
            app.UseKeelProblemDetails();
            app.Use((context, next) =>
            {
                if (context.Request.Headers[IdentityHeader].FirstOrDefault() is { } identity)
                {
                    var claims = identity.Split(',').Select(p => p.Split('=')).Select(p => new Claim(p[0], p[1]));
                    context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
                }
                return next(context);
            });
            app.UseKeelRateLimiting();
            app.MapGet("/work", () => Results.Ok("done"));
            app.MapGet("/health/live", () => Results.Ok("live"));
        },
        new Dictionary<string, string?>
        {
            ["Keel:RateLimit:Algorithm"] = algorithm,
            ["Keel:RateLimit:PermitLimit"] = "2",
            ["Keel:RateLimit:Window"] = "00:01:00",
        });

    private static async Task<HttpResponseMessage> SendAsync(TestApp app, string? identity = null, string? tenantHeader = null, string path = "/work")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (identity is not null)
        {
            request.Headers.Add(IdentityHeader, identity);
        }
        if (tenantHeader is not null)
        {
            request.Headers.Add(RateLimitPartitionKey.TenantHeader, tenantHeader);
        }
        return await app.Client.SendAsync(request);
    }

    private static async Task AssertLimitedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ProblemTypes.RateLimited, problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("TokenBucket")]
    [InlineData("FixedWindow")]
    public async Task A_key_over_its_limit_gets_429_with_retry_after_while_other_keys_and_tenants_go_on(string algorithm)
    {
        await using var app = await StartAsync(algorithm);
        const string acmeKey1 = "tenant=acme,key_id=k1,sub=svc";

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(app, acmeKey1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(app, acmeKey1)).StatusCode);
        await AssertLimitedAsync(await SendAsync(app, acmeKey1));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(app, "tenant=acme,key_id=k2,sub=svc")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(app, "tenant=globex,key_id=k1,sub=svc")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(app, "tenant=acme,sub=alice")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_requests_are_counted_per_tenant_header_and_address()
    {
        await using var app = await StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(app, tenantHeader: "acme")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(app, tenantHeader: "acme")).StatusCode);
        await AssertLimitedAsync(await SendAsync(app, tenantHeader: "acme"));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(app, tenantHeader: "globex")).StatusCode);
    }

    [Fact]
    public async Task Health_probes_are_never_limited()
    {
        await using var app = await StartAsync();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(app, tenantHeader: "acme", path: "/health/live")).StatusCode);
        }
    }

    [Fact]
    public void The_partition_key_prefers_the_api_key_then_the_user_then_the_address()
    {
        static HttpContext Context(params (string Type, string Value)[] claims)
        {
            var context = new DefaultHttpContext();
            context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
            if (claims.Length > 0)
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test"));
            }
            return context;
        }

        Assert.Equal("acme|key:k1", RateLimitPartitionKey.For(Context(("tenant", "acme"), ("key_id", "k1"), ("sub", "svc"))));
        Assert.Equal("acme|user:alice", RateLimitPartitionKey.For(Context(("tenant", "acme"), ("sub", "alice"))));
        Assert.Equal("default|user:alice", RateLimitPartitionKey.For(Context(("sub", "alice"))));
        Assert.Equal("acme|key:a%7Cb", RateLimitPartitionKey.For(Context(("tenant", "acme"), ("key_id", "a|b"))));
        Assert.StartsWith("acme|key:sha256:", RateLimitPartitionKey.For(Context(("tenant", "acme"), ("key_id", new string('k', 500)))));

        var anonymous = Context();
        Assert.Equal("default|ip:10.1.2.3", RateLimitPartitionKey.For(anonymous));
        anonymous.Request.Headers[RateLimitPartitionKey.TenantHeader] = "acme";
        Assert.Equal("acme|ip:10.1.2.3", RateLimitPartitionKey.For(anonymous));
        anonymous.Request.Headers[RateLimitPartitionKey.TenantHeader] = "NOT A TENANT " + new string('x', 1000);
        Assert.Equal("invalid|ip:10.1.2.3", RateLimitPartitionKey.For(anonymous));
    }
}
