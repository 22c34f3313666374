using System.Text;
using System.Text.Json;
using Keel.Secrets;
using Microsoft.Extensions.Configuration;

namespace Keel.Hardening.Tests.Secrets;

public class SecretRegistryTests
{
    [Fact]
    public void A_registered_value_is_masked_raw_url_encoded_json_escaped_and_in_base64()
    {
        var registry = new SecretRegistry();
        const string secret = "p@ss w+rd/\"1\"";
        Assert.True(registry.Register(secret));

        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        var text = $"raw {secret} url {Uri.EscapeDataString(secret)} json {JsonSerializer.Serialize(secret)} b64 {base64}";
        var redacted = registry.Redact(text);

        // Padding may follow the masked base64; it carries nothing of the value.
        Assert.Matches("^raw \\*{3} url \\*{3} json \"\\*{3}\" b64 \\*{3}=*$", redacted);
        Assert.False(registry.Contains(redacted));
    }

    [Fact]
    public void A_secret_containing_another_is_masked_whole()
    {
        var registry = new SecretRegistry();
        registry.Register("abcd");
        registry.Register("xxabcdyy");

        Assert.Equal("[***] [***]", registry.Redact("[xxabcdyy] [abcd]"));
    }

    [Fact]
    public void Values_too_short_to_mask_usefully_are_not_registered()
    {
        var registry = new SecretRegistry();

        Assert.False(registry.Register("abc"));
        Assert.False(registry.Register("   "));
        Assert.False(registry.Register(null));
        Assert.True(registry.IsEmpty);
        Assert.Equal("abc", registry.Redact("abc"));
    }

    [Fact]
    public void Text_without_secrets_is_returned_as_it_is()
    {
        var registry = new SecretRegistry();
        registry.Register("needle-value");
        const string text = "nothing to see";

        Assert.Same(text, registry.Redact(text));
    }

    [Fact]
    public void Configuration_registers_credentials_by_key_and_inside_connection_strings_and_urls()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Keel:ModelRegistry:ConnectionString"] = "Host=db;Username=keel;Password=pg-pass-77",
            ["Keel:Kafka:SaslPassword"] = "kafka-pass-88",
            ["Keel:Telemetry:ApiKey"] = "telemetry-key-99",
            ["ConnectionStrings:Audit"] = "Data Source=audit.db;Cache=Shared",
            ["KEEL_SECRET_WEBHOOK"] = "webhook-secret-11",
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=ikey-0000-1111;IngestionEndpoint=https://x",
            ["Keel:OnlineStore:Redis"] = "localhost:6379,password=redis-pass-22,ssl=false",
            ["Keel:Upstream:Url"] = "https://svc:url-pass-33@example.test/api",
            ["Keel:RateLimit:TokensPerPeriod"] = "1000",
            ["Keel:Feature:UseToken"] = "true",
            ["Keel:DataDir"] = "/var/lib/keel",
            ["Keel:Kafka:BootstrapServers"] = "broker:9092",
        }).Build();
        var registry = new SecretRegistry();

        ConfigurationSecrets.Register(configuration, registry);

        foreach (var secret in new[]
        {
            "Host=db;Username=keel;Password=pg-pass-77", "pg-pass-77", "kafka-pass-88", "telemetry-key-99",
            "Data Source=audit.db;Cache=Shared", "webhook-secret-11", "ikey-0000-1111", "redis-pass-22", "url-pass-33",
        })
        {
            Assert.True(registry.Contains(secret), $"'{secret}' should be registered.");
        }
        foreach (var plain in new[] { "1000", "true", "/var/lib/keel", "broker:9092" })
        {
            Assert.False(registry.Contains(plain), $"'{plain}' is not a secret.");
        }
    }

    [Theory]
    [InlineData("Keel:Db:Password", true)]
    [InlineData("KEEL__DB__DB_PASSWORD", true)]
    [InlineData("Keel:Signing:Key", true)]
    [InlineData("Keel:Auth:ClientSecret", true)]
    [InlineData("Keel:Http:Https:PfxPassword", true)]
    [InlineData("Keel:OnlineStore:KeyPrefix", false)]
    [InlineData("Keel:RateLimit:TokensPerPeriod", false)]
    [InlineData("Keel:Http:MaxRequestBodyBytes", false)]
    public void Secret_keys_are_recognised_by_their_last_segment(string key, bool secret)
    {
        Assert.Equal(secret, ConfigurationSecrets.IsSecretKey(key));
    }
}
