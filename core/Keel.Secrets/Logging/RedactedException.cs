namespace Keel.Secrets.Logging;

/// <summary>
/// Stands in for an exception whose message or stack trace holds a secret: the same text with
/// the secret masked, and the original type's name, since an exception's message cannot be changed.
/// </summary>
public sealed class RedactedException : Exception
{
    private readonly string _text;
    private readonly string? _stackTrace;

    private RedactedException(Exception original, SecretRegistry secrets)
        : base(secrets.Redact(original.Message))
    {
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
        _text = secrets.Redact(original.ToString());
        _stackTrace = original.StackTrace is { } trace ? secrets.Redact(trace) : null;
        HResult = original.HResult;
        Source = original.Source;
    }

    public string OriginalType { get; }

    public override string? StackTrace => _stackTrace;

    public override string ToString() => _text;

    /// <summary>The exception itself when it discloses no secret, else a redacted stand-in.</summary>
    public static Exception? Wrap(Exception? exception, SecretRegistry secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        return exception is null || secrets.IsEmpty || !secrets.Contains(exception.ToString())
            ? exception
            : new RedactedException(exception, secrets);
    }
}
