using System.Text.RegularExpressions;
using Keel.Secrets;
using YamlDotNet.RepresentationModel;

namespace Keel.Hardening.Tests.Components;

/// <summary>The Dapr resources of components/ that secure the production profile: Vault for secrets, mTLS between sidecars.</summary>
public partial class SecurityComponentsTests
{
    [Fact]
    public void The_vault_secret_store_is_the_one_the_apps_read_and_takes_its_token_from_a_kubernetes_secret()
    {
        var vault = Resources().Single(r => Scalar(r, "kind") == "Component" && Scalar(r, "spec", "type") == "secretstores.hashicorp.vault");

        Assert.Equal(DaprSecretsOptions.DefaultStore, Scalar(vault, "metadata", "name"));
        var token = Metadata(vault).Single(m => Scalar(m, "name") == "vaultToken");
        Assert.Null(Scalar(token, "value"));
        Assert.False(string.IsNullOrEmpty(Scalar(token, "secretKeyRef", "name")));
        Assert.False(string.IsNullOrEmpty(Scalar(token, "secretKeyRef", "key")));
        Assert.Equal("kubernetes", Scalar(vault, "auth", "secretStore"));
        Assert.Equal("false", MetadataValue(vault, "skipVerify"));
        Assert.StartsWith("https://", MetadataValue(vault, "vaultAddr"));
    }

    [Fact]
    public void No_component_holds_a_credential_as_a_literal()
    {
        foreach (var component in Resources().Where(r => Scalar(r, "kind") == "Component"))
        {
            foreach (var entry in Metadata(component).Where(m => CredentialName().IsMatch(Scalar(m, "name") ?? "")))
            {
                // An empty value is "no authentication", which is a setting, not a secret.
                Assert.True(string.IsNullOrEmpty(Scalar(entry, "value")),
                    $"{Scalar(component, "metadata", "name")}: '{Scalar(entry, "name")}' must come from a secretKeyRef, not a literal value.");
            }
        }
    }

    [Fact]
    public void The_control_plane_configuration_enables_mtls_with_bounded_certificate_lifetimes()
    {
        var system = Resources().Single(r => Scalar(r, "kind") == "Configuration" && Scalar(r, "metadata", "name") == "daprsystem");

        Assert.Equal("true", Scalar(system, "spec", "mtls", "enabled"));
        var ttl = GoDuration(Scalar(system, "spec", "mtls", "workloadCertTTL"));
        var skew = GoDuration(Scalar(system, "spec", "mtls", "allowedClockSkew"));
        Assert.InRange(ttl, TimeSpan.FromHours(1), TimeSpan.FromDays(7));
        Assert.InRange(skew, TimeSpan.FromMinutes(1), ttl / 4);
    }

    [Fact]
    public void The_control_plane_and_the_apps_agree_on_metrics()
    {
        var configurations = Resources().Where(r => Scalar(r, "kind") == "Configuration").ToList();
        var apps = configurations.Single(r => Scalar(r, "metadata", "name") == "keel-config");
        var system = configurations.Single(r => Scalar(r, "metadata", "name") == "daprsystem");

        Assert.Equal(Scalar(apps, "spec", "metric", "enabled"), Scalar(system, "spec", "metric", "enabled"));
        // Tracing is a sidecar setting: the apps' configuration keeps it, the control plane's has none to contradict it.
        Assert.NotNull(Scalar(apps, "spec", "tracing", "samplingRate"));
        Assert.Null(Scalar(system, "spec", "tracing", "samplingRate"));
    }

    private static TimeSpan GoDuration(string? text)
    {
        var match = DurationPattern().Match(text ?? "");
        Assert.True(match.Success, $"'{text}' is not a Go duration such as 24h or 15m.");
        var value = double.Parse(match.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value switch
        {
            "h" => TimeSpan.FromHours(value),
            "m" => TimeSpan.FromMinutes(value),
            _ => TimeSpan.FromSeconds(value),
        };
    }

    [GeneratedRegex("^(?<value>[0-9]+(\\.[0-9]+)?)(?<unit>h|m|s)$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex("(password|token|secret|apikey|accesskey|credential)", RegexOptions.IgnoreCase)]
    private static partial Regex CredentialName();

    private static IEnumerable<YamlNode> Resources() =>
        Directory.EnumerateFiles(RepoRoot.File("components"), "*.yaml").Select(Load);

    private static YamlNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream.Documents[0].RootNode;
    }

    private static IEnumerable<YamlNode> Metadata(YamlNode component) =>
        component is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode("spec"), out var spec)
            && spec is YamlMappingNode specMap && specMap.Children.TryGetValue(new YamlScalarNode("metadata"), out var metadata) && metadata is YamlSequenceNode sequence
            ? sequence.Children
            : [];

    private static string? MetadataValue(YamlNode component, string name) =>
        Scalar(Metadata(component).SingleOrDefault(m => Scalar(m, "name") == name), "value");

    private static string? Scalar(YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }
        return (node as YamlScalarNode)?.Value;
    }
}
