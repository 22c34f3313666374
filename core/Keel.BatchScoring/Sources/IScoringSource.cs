namespace Keel.BatchScoring.Sources;

/// <summary>Where a job's rows come from, read in batches; rows that cannot be scored are counted, not returned.</summary>
public interface IScoringSource
{
    /// <summary>What the rows are, for the run's parameters.</summary>
    string Description { get; }

    /// <summary>Rows left out so far: records that do not fit the dataset, entities without features.</summary>
    long Rejected { get; }

    /// <summary>The first reason a row was left out, for the run's record.</summary>
    string? FirstRejection { get; }

    IAsyncEnumerable<IReadOnlyList<ScoringRow>> ReadAsync(int batchSize, CancellationToken cancellationToken);
}

/// <summary>Counts rejected rows and keeps the first reason.</summary>
internal sealed class Rejections
{
    public long Count { get; private set; }

    public string? First { get; private set; }

    public void Add(string reason)
    {
        Count++;
        First ??= reason;
    }
}
