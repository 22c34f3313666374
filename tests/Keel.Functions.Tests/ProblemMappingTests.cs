using System.Text.Json.Nodes;
using Keel.Events.Messaging;
using Keel.Features;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Functions.Tests;

/// <summary>What goes wrong in a handler becomes the right RFC 9457 answer, in both hosts alike.</summary>
public class ProblemMappingTests
{
    private static async Task<(int Status, JsonNode Body, HttpResponse Response)> RunAsync(Func<Task<IResult>> handler)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
        };
        context.Response.Body = new MemoryStream();
        var result = await HandlerInvoker.InvokeAsync(context, "Test", handler);
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        var body = JsonNode.Parse(await new StreamReader(context.Response.Body).ReadToEndAsync())!;
        return (context.Response.StatusCode, body, context.Response);
    }

    [Fact]
    public async Task Overload_is_a_429_with_retry_after()
    {
        var (status, body, response) = await RunAsync(() => throw new OverloadedException("consumers are behind", TimeSpan.FromSeconds(2)));

        Assert.Equal(429, status);
        Assert.Equal("2", response.Headers.RetryAfter.ToString());
        Assert.Equal("consumers are behind", (string?)body["detail"]);
    }

    [Fact]
    public async Task An_unknown_name_is_a_404_and_bad_input_a_400()
    {
        Assert.Equal(404, (await RunAsync(() => throw new UnknownFeatureException("feature service 'x'"))).Status);
        Assert.Equal(400, (await RunAsync(() => throw new ArgumentException("entities: at least one"))).Status);
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_500_with_a_trace_id_and_no_internals()
    {
        var (status, body, _) = await RunAsync(() => throw new InvalidOperationException("secret connection string in the message"));

        Assert.Equal(500, status);
        Assert.NotNull(body["traceId"]);
        Assert.DoesNotContain("secret", body.ToJsonString());
    }
}
