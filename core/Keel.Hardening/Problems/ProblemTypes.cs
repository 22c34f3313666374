namespace Keel.Hardening.Problems;

/// <summary>The <c>type</c> URIs of the problems written here, under the base the function handlers already use.</summary>
public static class ProblemTypes
{
    public const string Base = "https://keel.dev/problems/";
    public const string BadRequest = Base + "bad-request";
    public const string TooLarge = Base + "too-large";
    public const string RateLimited = Base + "rate-limited";
    public const string InvalidName = Base + "invalid-name";
    public const string Internal = Base + "internal";

    /// <summary>What a 500 says instead of the exception: enough to find it in the logs, nothing about the code.</summary>
    public const string InternalDetail = "The request failed inside Keel; the trace id identifies it in the logs.";
}
