namespace Keel.Tracking;

/// <summary>
/// A change that contradicts what is already recorded or a limit already reached: a param logged
/// again with another value, a metric logged to a run that has ended, a run ended twice, a
/// parent's child-run limit. Nothing of the request was stored. Maps to HTTP 409.
/// </summary>
public sealed class TrackingConflictException(string message) : Exception(message);
