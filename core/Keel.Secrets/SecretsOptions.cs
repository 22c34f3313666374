namespace Keel.Secrets;

/// <summary>Which secret store a Keel app reads (<c>Keel:Secrets</c>).</summary>
public sealed class SecretsOptions
{
    public const string Section = "Keel:Secrets";

    public const string DaprProvider = "dapr";
    public const string EnvironmentProvider = "env";
    public const string FileProvider = "file";

    /// <summary>The embedded default: the environment first (what CI and containers set), then the local directory.</summary>
    public const string DefaultProvider = FileProvider + "+" + EnvironmentProvider;

    /// <summary><c>dapr</c>, <c>env</c>, <c>file</c> or <c>file+env</c> (the default).</summary>
    public string Provider { get; set; } = DefaultProvider;

    public DaprSecretsOptions Dapr { get; set; } = new();

    public FileSecretsOptions File { get; set; } = new();

    public EnvironmentSecretsOptions Environment { get; set; } = new();
}

public sealed class DaprSecretsOptions
{
    /// <summary>The name of the Dapr secret store component; components/secretstore-vault.yaml declares it.</summary>
    public const string DefaultStore = "keel-secrets";

    public string Store { get; set; } = DefaultStore;
}

public sealed class FileSecretsOptions
{
    /// <summary>The directory holding one file per secret; <c>secrets/</c> under <c>Keel:DataDir</c> when unset.</summary>
    public string? Directory { get; set; }
}

public sealed class EnvironmentSecretsOptions
{
    public string Prefix { get; set; } = EnvironmentSecretStore.DefaultPrefix;
}
