using System.Text;
using Keel.Cli.Bench;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.Cli.Tests;

/// <summary>The benchmark's load generator counts what the service answered, paces when asked, and refuses what it cannot read.</summary>
public sealed class LoopbackLoadGeneratorTests
{
    [Fact]
    public async Task Every_answer_is_counted_and_timed_and_every_request_reaches_the_service()
    {
        var received = 0;
        await using var app = await StartAsync(async context =>
        {
            Interlocked.Increment(ref received);
            var body = Encoding.UTF8.GetBytes("{\"ok\":true}");
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        });
        using var load = LoopbackLoadGenerator.Connect(Address(app), connections: 4);

        var run = await load.RunAsync(Requests(Address(app)), TimeSpan.FromMilliseconds(500), rate: null, CancellationToken.None);

        Assert.True(run.Answers > 0);
        Assert.Equal(run.Answers, Volatile.Read(ref received));
        Assert.Equal(run.Answers, run.LatenciesMs.Length);
        Assert.Equal(run.LatenciesMs.Order(), run.LatenciesMs);
        Assert.All(run.LatenciesMs, l => Assert.True(l > 0));
    }

    [Fact]
    public async Task A_paced_run_sends_at_the_rate_asked_for()
    {
        await using var app = await StartAsync(context =>
        {
            context.Response.ContentLength = 0;
            return Task.CompletedTask;
        });
        using var load = LoopbackLoadGenerator.Connect(Address(app), connections: 4);

        var run = await load.RunAsync(Requests(Address(app)), TimeSpan.FromSeconds(2), rate: 100, CancellationToken.None);

        // 200 sends are due in two seconds, spread over the four connections; none is sent early.
        Assert.InRange(run.Answers, 150, 204);
    }

    [Fact]
    public async Task An_answer_that_is_not_2xx_fails_the_run_with_the_services_words()
    {
        await using var app = await StartAsync(async context =>
        {
            var body = Encoding.UTF8.GetBytes("{\"error\":\"queue full\"}");
            context.Response.StatusCode = 429;
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        });
        using var load = LoopbackLoadGenerator.Connect(Address(app), connections: 2);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            load.RunAsync(Requests(Address(app)), TimeSpan.FromMilliseconds(200), rate: null, CancellationToken.None));

        Assert.Contains("429", error.Message);
        Assert.Contains("queue full", error.Message);
    }

    [Fact]
    public async Task A_chunked_answer_is_refused_by_name()
    {
        await using var app = await StartAsync(async context =>
        {
            await context.Response.WriteAsync("no length");
            await context.Response.Body.FlushAsync();
        });
        using var load = LoopbackLoadGenerator.Connect(Address(app), connections: 1);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() =>
            load.RunAsync(Requests(Address(app)), TimeSpan.FromMilliseconds(200), rate: null, CancellationToken.None));

        Assert.Contains("Content-Length", error.Message);
    }

    private static byte[][] Requests(Uri address) =>
        [LoopbackConnection.Post(address, "/echo", "Bearer x", "{\"a\":1}"u8.ToArray()), LoopbackConnection.Post(address, "/echo", null, "{}"u8.ToArray())];

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    private static async Task<WebApplication> StartAsync(RequestDelegate answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/echo", answer);
        await app.StartAsync();
        return app;
    }
}
