namespace Keel.Audit;

/// <summary>The audit log's settings (<c>Keel:Audit</c>).</summary>
public sealed class AuditOptions
{
    public const string Section = "Keel:Audit";

    /// <summary>A checkpoint is signed when the sequence reaches a multiple of this; 0 signs only on demand.</summary>
    public int CheckpointEvery { get; set; } = 1000;

    /// <summary>
    /// The signing key as PEM, as a secret store provides it (<c>KEEL__AUDIT__SIGNINGKEYPEM</c>). When
    /// unset, the embedded default generates one into <see cref="SigningKeyFile"/>.
    /// </summary>
    public string? SigningKeyPem { get; set; }

    /// <summary>Where the embedded key lives, relative to the data directory.</summary>
    public string SigningKeyFile { get; set; } = Path.Combine("audit", "signing-key.pem");

    public void Validate()
    {
        if (CheckpointEvery < 0)
        {
            throw new ArgumentException($"{Section}: CheckpointEvery must be 0 (on demand only) or more.");
        }
        if (string.IsNullOrWhiteSpace(SigningKeyPem) && string.IsNullOrWhiteSpace(SigningKeyFile))
        {
            throw new ArgumentException($"{Section}: SigningKeyFile is required when SigningKeyPem is not set.");
        }
    }
}
