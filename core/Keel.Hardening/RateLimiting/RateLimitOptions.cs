namespace Keel.Hardening.RateLimiting;

/// <summary>How many requests each tenant and key may make (<c>Keel:RateLimit</c>).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Keel:RateLimit";

    public bool Enabled { get; set; } = true;

    public RateLimitAlgorithm Algorithm { get; set; } = RateLimitAlgorithm.TokenBucket;

    /// <summary>
    /// The bucket's size (the burst a partition may send at once), or the requests of one fixed window.
    /// A thousand a second lets one scoring client through at the rate of a busy service while still
    /// cutting off a runaway loop or a credential being abused.
    /// </summary>
    public int PermitLimit { get; set; } = 1000;

    /// <summary>The token bucket's replenishment period, or the fixed window's length.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Tokens added each <see cref="Window"/> (token bucket only); <see cref="PermitLimit"/> when unset.</summary>
    public int? TokensPerPeriod { get; set; }

    /// <summary>Requests that wait for a permit instead of being refused at once; 0 answers 429 straight away.</summary>
    public int QueueLimit { get; set; }

    /// <summary>Path prefixes never limited: probes and scrapes must work while clients are throttled.</summary>
    public string[] ExemptPaths { get; set; } = ["/health", "/v2/health", "/metrics"];
}

public enum RateLimitAlgorithm
{
    TokenBucket,
    FixedWindow,
}
