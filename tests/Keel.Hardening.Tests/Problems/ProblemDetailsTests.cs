using System.Net;
using System.Text.Json;
using Keel.Hardening.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Keel.Hardening.Tests.Problems;

public class ProblemDetailsTests
{
    private const string Secret = "problem-secret-4242";

    private static Task<TestApp> StartAsync(string environment = "Production") => TestApp.StartAsync(
        builder => builder.Services.AddKeelProblemDetails(),
        app =>
        {
            app.UseKeelProblemDetails();
            app.MapGet("/throw", IResult () => throw new InvalidOperationException($"Npgsql: password {Secret} rejected at /src/Keel.ModelRegistry/PostgresModelRegistry.cs"));
            app.MapGet("/bad", () => Results.Problem($"The token {Secret} is not accepted here.", statusCode: 400, extensions: new Dictionary<string, object?> { ["given"] = Secret, ["nested"] = new[] { new { value = Secret } } }));
            app.MapGet("/unavailable", () => Results.Problem("Kafka is not reachable; retry later.", statusCode: 503));
            app.MapGet("/internal", () => Results.Problem($"Stack: at Keel.Secret() {Secret}", statusCode: 500, extensions: new Dictionary<string, object?> { ["exception"] = "details" }));
        },
        new Dictionary<string, string?> { ["Keel:Partner:ApiKey"] = Secret },
        environment);

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task A_500_from_an_exception_shows_no_message_type_or_stack_trace(string environment)
    {
        await using var app = await StartAsync(environment);

        var response = await app.Client.GetAsync("/throw");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal(ProblemTypes.Internal, problem.GetProperty("type").GetString());
        Assert.Equal(ProblemTypes.InternalDetail, problem.GetProperty("detail").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        foreach (var internals in new[] { Secret, "InvalidOperationException", "Npgsql", ".cs", " at " })
        {
            Assert.DoesNotContain(internals, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_500_an_endpoint_writes_itself_is_reduced_to_the_same_generic_problem()
    {
        await using var app = await StartAsync();

        var response = await app.Client.GetAsync("/internal");
        var problem = await ProblemAsync(response);

        Assert.Equal(ProblemTypes.InternalDetail, problem.GetProperty("detail").GetString());
        Assert.False(problem.TryGetProperty("exception", out _));
        Assert.DoesNotContain(Secret, problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_error_keeps_its_detail_with_configured_secrets_masked()
    {
        await using var app = await StartAsync();

        var response = await app.Client.GetAsync("/bad");
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The token *** is not accepted here.", problem.GetProperty("detail").GetString());
        Assert.Equal("***", problem.GetProperty("given").GetString());
        Assert.DoesNotContain(Secret, problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deliberate_503_keeps_what_it_says()
    {
        await using var app = await StartAsync();

        var response = await app.Client.GetAsync("/unavailable");
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Kafka is not reachable; retry later.", problem.GetProperty("detail").GetString());
    }
}
