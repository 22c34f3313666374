using System.Net;
using Keel.Hardening.Problems;
using Keel.Secrets;
using Keel.Secrets.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace Keel.Hardening.Tests.Redaction;

public sealed class RedactionLoggingTests : IDisposable
{
    private const string ApiKey = "partner-key-7f3a9c";
    private const string DbPassword = "pg-pass-555";

    private readonly TempDirectory _secrets = new();

    public void Dispose() => _secrets.Dispose();

    private async Task<TestApp> StartAsync(bool redact, CapturingLoggerProvider capture, List<LogRecord>? exported = null, Dictionary<string, string?>? extra = null)
    {
        await new LocalFileSecretStore(_secrets.Path).SetAsync("partner-api-key", ApiKey);
        var settings = new Dictionary<string, string?>
        {
            ["Keel:Secrets:Provider"] = "file",
            ["Keel:Secrets:File:Directory"] = _secrets.Path,
            ["Keel:ModelRegistry:ConnectionString"] = $"Host=db;Username=keel;Password={DbPassword}",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return await TestApp.StartAsync(
            builder =>
            {
                // Added before the providers on purpose: the providers added after it are covered too.
                if (redact)
                {
                    builder.Logging.AddKeelRedaction();
                }
                builder.Logging.AddProvider(capture);
                if (exported is not null)
                {
                    builder.Logging.AddOpenTelemetry(otel =>
                    {
                        otel.IncludeFormattedMessage = true;
                        otel.IncludeScopes = true;
                        otel.AddInMemoryExporter(exported);
                    });
                }
                builder.Services.AddKeelSecrets(builder.Configuration);
                builder.Services.AddKeelProblemDetails();
            },
            app =>
            {
                app.UseKeelProblemDetails();
                app.MapGet("/leak", async (ISecretStore store, IConfiguration configuration, ILogger<RedactionLoggingTests> logger) =>
                {
                    var key = await store.GetAsync("partner-api-key");
                    logger.LogInformation("Calling the partner with key " + key);
                    logger.LogInformation("Calling the partner with {ApiKey} as {Header}", key, new[] { "X-Api-Key", key });
                    logger.LogWarning("Opening the registry at {ConnectionString}", configuration["Keel:ModelRegistry:ConnectionString"]);
                    using (logger.BeginScope("partner key {Key}", key))
                    {
                        logger.LogInformation("Inside the partner call");
                    }
                    logger.LogError(new HttpRequestException($"The partner refused key {key}", new InvalidOperationException($"password {DbPassword} expired")), "The partner call failed");
                    throw new InvalidOperationException($"Could not log in with password {DbPassword}");
                });
            },
            settings);
    }

    [Fact]
    public async Task Logs_of_a_message_a_structured_value_a_scope_and_exceptions_hold_no_secret()
    {
        var capture = new CapturingLoggerProvider();
        var exported = new List<LogRecord>();
        await using (var app = await StartAsync(redact: true, capture, exported))
        {
            var response = await app.Client.GetAsync("/leak");
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        var leak = capture.Entries.Where(e => e.Category.Contains(nameof(RedactionLoggingTests), StringComparison.Ordinal)).ToList();
        Assert.Equal(5, leak.Count);
        Assert.Contains(capture.Entries, e => e.Level == LogLevel.Error && e.Exception is not null && e.Exception.Contains("Could not log in", StringComparison.Ordinal));
        foreach (var entry in capture.Entries)
        {
            AssertNoSecret(entry.AllText);
        }
        Assert.All(leak, e => Assert.Contains(SecretRegistry.Mask, e.AllText));
        // Values that hold no secret keep their type for structured sinks.
        Assert.Contains(leak, e => e.Values.Any(v => v.Key == "{OriginalFormat}"));

        Assert.NotEmpty(exported);
        foreach (var record in exported)
        {
            var scopes = new List<string>();
            record.ForEachScope((scope, list) =>
            {
                foreach (var (key, value) in scope)
                {
                    list.Add($"{key}={value}");
                }
            }, scopes);
            AssertNoSecret(string.Join("\n", [record.Body ?? "", record.FormattedMessage ?? "", record.Exception?.ToString() ?? "", record.Exception?.Message ?? "",
                .. (record.Attributes ?? []).Select(a => $"{a.Key}={a.Value}"), .. scopes]));
        }
    }

    [Fact]
    public async Task Without_redaction_the_same_app_leaks_so_the_check_above_can_fail()
    {
        var capture = new CapturingLoggerProvider();
        await using (var app = await StartAsync(redact: false, capture))
        {
            await app.Client.GetAsync("/leak");
        }

        Assert.Contains(capture.Entries, e => e.AllText.Contains(ApiKey, StringComparison.Ordinal));
        Assert.Contains(capture.Entries, e => e.AllText.Contains(DbPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Per_provider_filter_rules_still_apply_under_redaction()
    {
        var capture = new CapturingLoggerProvider();
        await using (var app = await StartAsync(redact: true, capture, extra: new() { ["Logging:Capture:LogLevel:Default"] = "Warning" }))
        {
            await app.Client.GetAsync("/leak");
        }

        Assert.DoesNotContain(capture.Entries, e => e.Level < LogLevel.Warning);
        Assert.Contains(capture.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Opening the registry", StringComparison.Ordinal));
    }

    private static void AssertNoSecret(string text)
    {
        Assert.DoesNotContain(ApiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(DbPassword, text, StringComparison.Ordinal);
    }
}
