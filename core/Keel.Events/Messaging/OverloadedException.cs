namespace Keel.Events.Messaging;

/// <summary>
/// The platform cannot take more events right now without losing or hoarding them. Callers back
/// off for <see cref="RetryAfter"/>; the HTTP layer answers 429 with a Retry-After header.
/// </summary>
public class OverloadedException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
