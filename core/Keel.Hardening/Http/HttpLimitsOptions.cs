namespace Keel.Hardening.Http;

/// <summary>Bounds on what one request may make the server read and parse (<c>Keel:Http</c>).</summary>
public sealed class HttpLimitsOptions
{
    public const string Section = "Keel:Http";

    /// <summary>16 MiB: the limit Keel's ingestion and push handlers already read bodies up to.</summary>
    public const long DefaultMaxRequestBodyBytes = 16 * 1024 * 1024;

    /// <summary>32: the depth the CloudEvents codec already parses events with.</summary>
    public const int DefaultMaxJsonDepth = 32;

    /// <summary>The largest request body read, unless an endpoint declares its own (<c>WithRequestBodyLimit</c>).</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>How deeply objects and arrays may nest in a JSON body.</summary>
    public int MaxJsonDepth { get; set; } = DefaultMaxJsonDepth;
}
