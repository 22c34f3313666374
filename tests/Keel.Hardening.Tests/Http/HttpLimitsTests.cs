using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Keel.Hardening.Http;
using Keel.Hardening.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Keel.Hardening.Tests.Http;

public class HttpLimitsTests
{
    private const int Limit = 1024;

    private static Task<TestApp> StartAsync() => TestApp.StartAsync(
        builder =>
        {
            builder.Services.AddKeelProblemDetails();
            builder.Services.AddKeelHttpLimits(builder.Configuration);
        },
        app =>
        {
            app.UseKeelProblemDetails();
            app.UseKeelRequestLimits();
            app.MapPost("/json", (JsonElement body) => Results.Ok(new { kind = body.ValueKind.ToString() }));
            var started = new StrongBox<int>();
            app.MapGet("/raw/started", () => Results.Ok(started.Value));
            app.MapPost("/raw", async (HttpRequest request) =>
            {
                Interlocked.Increment(ref started.Value);
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer);
                return Results.Ok(new { bytes = buffer.Length });
            });
            app.MapPost("/large", async (HttpRequest request) =>
            {
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer);
                return Results.Ok(new { bytes = buffer.Length });
            }).WithRequestBodyLimit(8 * Limit);
        },
        new Dictionary<string, string?> { ["Keel:Http:MaxRequestBodyBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Keel:Http:MaxJsonDepth"] = "8" });

    private static string Nested(int depth) => new string('[', depth) + "1" + new string(']', depth);

    /// <summary>A body sent chunked, so no Content-Length announces its size in advance.</summary>
    private static HttpContent Chunked(string text) => new ChunkedContent(Encoding.UTF8.GetBytes(text));

    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? type = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        if (type is not null)
        {
            Assert.Equal(type, problem.RootElement.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task A_body_declared_larger_than_the_limit_is_refused_with_413_before_it_is_read()
    {
        await using var app = await StartAsync();

        var response = await app.Client.PostAsync("/raw", new ByteArrayContent(new byte[Limit + 1]));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, ProblemTypes.TooLarge);
        Assert.Equal("0", await app.Client.GetStringAsync("/raw/started"));
    }

    [Fact]
    public async Task A_chunked_body_growing_past_the_limit_is_refused_with_413()
    {
        await using var app = await StartAsync();
        var big = "[" + string.Join(",", Enumerable.Repeat("1", Limit)) + "]";

        await AssertProblemAsync(await app.Client.PostAsync("/raw", Chunked(big)), HttpStatusCode.RequestEntityTooLarge, ProblemTypes.TooLarge);
        await AssertProblemAsync(await app.Client.PostAsync("/json", Chunked(big)), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_body_within_the_limit_is_served()
    {
        await using var app = await StartAsync();

        // Kestrel counts a chunked body's framing against the limit too, so stay a little below it.
        var response = await app.Client.PostAsync("/raw", Chunked(new string('x', Limit - 64)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_endpoint_with_its_own_limit_accepts_more_than_the_default_and_no_more_than_its_own()
    {
        await using var app = await StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await app.Client.PostAsync("/large", new ByteArrayContent(new byte[4 * Limit]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.PostAsync("/large", Chunked(new string('x', 4 * Limit)))).StatusCode);
        await AssertProblemAsync(await app.Client.PostAsync("/large", Chunked(new string('x', 9 * Limit))), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Json_nested_deeper_than_the_limit_is_refused_with_400_and_at_the_limit_accepted()
    {
        await using var app = await StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await app.Client.PostAsync("/json", Chunked(Nested(8)))).StatusCode);
        await AssertProblemAsync(await app.Client.PostAsync("/json", Chunked(Nested(9))), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Invalid_limits_stop_the_app_at_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(
            builder => builder.Services.AddKeelHttpLimits(builder.Configuration),
            _ => { },
            new Dictionary<string, string?> { ["Keel:Http:MaxJsonDepth"] = "0" }));

        Assert.Contains("MaxJsonDepth", error.Message);
    }
}
