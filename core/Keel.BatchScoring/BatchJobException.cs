namespace Keel.BatchScoring;

/// <summary>A job that cannot run as given (a bad field, a missing file, a model without a feature service): a 400.</summary>
public sealed class BatchJobException(string message, IReadOnlyList<string>? problems = null) : Exception(message)
{
    public IReadOnlyList<string> Problems { get; } = problems ?? [message];
}

/// <summary>As many jobs as <see cref="BatchScoringOptions.MaxConcurrentJobs"/> allows are running: a 429.</summary>
public sealed class BatchScoringBusyException(string message) : Exception(message);
