namespace Keel.Audit;

/// <summary>
/// One pass over a chain in stored order. It stops at the first problem; only to tell a deletion
/// from a reordering, or an edit from a renumbering, does it read on or try nearby sequence numbers.
/// </summary>
internal sealed class ChainWalk
{
    // How far a renumbered entry may have moved and still be recognised as moved rather than edited.
    private const int RenumberingReach = 64;

    private readonly AuditTrust _trust;
    private readonly AuditChainBounds _bounds;
    private readonly List<AuditCheckpoint> _checkpoints;
    private int _nextCheckpoint;
    private long _expected;
    private string? _previousHash;
    private long _entries;
    private long? _first;
    private long? _last;
    private long? _authenticatedThrough;
    private int _checkpointsVerified;

    public ChainWalk(AuditTrust trust, AuditChainBounds bounds, IEnumerable<AuditCheckpoint> checkpoints)
    {
        _trust = trust;
        _bounds = bounds;
        _checkpoints = [.. checkpoints.Distinct().OrderBy(c => c.Sequence)];
        _expected = bounds.FirstSequence;
        _previousHash = bounds.FirstSequence == 1 ? AuditHash.Genesis : null;
    }

    public async Task<AuditVerification> RunAsync(IAsyncEnumerable<AuditEntry> entries, CancellationToken cancellationToken)
    {
        await using var cursor = entries.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            AuditEntry entry;
            try
            {
                if (!await cursor.MoveNextAsync())
                {
                    break;
                }
                entry = cursor.Current;
            }
            catch (InvalidDataException error)
            {
                return Result(new AuditProblem(_expected, AuditProblemKind.Malformed, error.Message));
            }
            var problem = await CheckAsync(entry, cursor) ?? CheckCheckpoints(entry);
            if (problem is not null)
            {
                return Result(problem);
            }
            _first ??= entry.Sequence;
            _last = entry.Sequence;
            _previousHash = entry.Hash;
            _expected = entry.Sequence + 1;
            _entries++;
        }
        return Result(CheckEnd());
    }

    private async Task<AuditProblem?> CheckAsync(AuditEntry entry, IAsyncEnumerator<AuditEntry> rest)
    {
        var n = _expected;
        if (entry.Sequence > n)
        {
            return await AppearsLaterAsync(rest, later => later.Sequence == n)
                ? new AuditProblem(n, AuditProblemKind.Reordered, $"entry {n} is out of place: entry {entry.Sequence} comes before it")
                : new AuditProblem(n, AuditProblemKind.Deleted, entry.Sequence == n + 1
                    ? $"entry {n} is missing: entry {entry.Sequence} follows entry {n - 1}"
                    : $"entries {n} to {entry.Sequence - 1} are missing: entry {entry.Sequence} follows entry {n - 1}");
        }
        if (entry.Sequence < n)
        {
            return new AuditProblem(entry.Sequence, AuditProblemKind.Inserted, $"a second entry {entry.Sequence} follows entry {n - 1}");
        }

        var intact = AuditHash.Compute(entry) == entry.Hash;
        var linked = _previousHash is null || entry.PreviousHash == _previousHash;
        if (!linked && intact)
        {
            // The entry itself is whole, so the one before it is what changed: it was given a new hash.
            return n == 1
                ? new AuditProblem(1, AuditProblemKind.Edited, "entry 1 does not start from the genesis hash")
                : new AuditProblem(n - 1, AuditProblemKind.Edited, $"entry {n} links to a hash entry {n - 1} no longer has: entry {n - 1} was changed and given a new hash");
        }
        if (!linked)
        {
            return await RenumberedAsync(entry, rest)
                ?? new AuditProblem(n, AuditProblemKind.Edited, $"entry {n} neither links to entry {n - 1} nor matches its own hash");
        }
        return intact ? null : new AuditProblem(n, AuditProblemKind.Edited, $"entry {n} does not match its hash: it was changed after it was written");
    }

    /// <summary>An entry that hashes correctly under another sequence number was moved there.</summary>
    private static async Task<AuditProblem?> RenumberedAsync(AuditEntry entry, IAsyncEnumerator<AuditEntry> rest)
    {
        var n = entry.Sequence;
        long? writtenAs = null;
        for (var distance = 1; distance <= RenumberingReach && writtenAs is null; distance++)
        {
            if (AuditHash.Compute(entry, n + distance) == entry.Hash)
            {
                writtenAs = n + distance;
            }
            else if (n - distance >= 1 && AuditHash.Compute(entry, n - distance) == entry.Hash)
            {
                writtenAs = n - distance;
            }
        }
        if (writtenAs > n)
        {
            // The entries it originally followed are not before it; if the last of them shows up later, they were moved.
            var predecessor = entry.PreviousHash;
            return await AppearsLaterAsync(rest, later => later.Hash == predecessor)
                ? new AuditProblem(n, AuditProblemKind.Reordered, $"entry {n} is out of place: the entry written as {writtenAs} comes before it")
                : new AuditProblem(n, AuditProblemKind.Deleted, $"entries from {n} are missing: the entry written as {writtenAs} was renumbered to {n}");
        }
        if (writtenAs < n)
        {
            return new AuditProblem(writtenAs.Value, AuditProblemKind.Inserted,
                $"the entry written as {writtenAs} is now entry {n}: entries {writtenAs} to {n - 1} were inserted before it");
        }
        return null;
    }

    private AuditProblem? CheckCheckpoints(AuditEntry entry)
    {
        // Checkpoints of entries before the first one given (a partial export's) cannot be checked here.
        while (_nextCheckpoint < _checkpoints.Count && _checkpoints[_nextCheckpoint].Sequence < entry.Sequence)
        {
            _nextCheckpoint++;
        }
        for (; _nextCheckpoint < _checkpoints.Count && _checkpoints[_nextCheckpoint].Sequence == entry.Sequence; _nextCheckpoint++)
        {
            var checkpoint = _checkpoints[_nextCheckpoint];
            if (_trust.Check(checkpoint) is { } why)
            {
                return new AuditProblem(entry.Sequence, AuditProblemKind.BadCheckpoint, why);
            }
            if (checkpoint.EntryHash != entry.Hash)
            {
                // The chain agrees with itself up to here, so it was recomputed after an edit somewhere after the last good checkpoint.
                var from = _authenticatedThrough + 1 ?? _first ?? entry.Sequence;
                return new AuditProblem(from, AuditProblemKind.Edited,
                    $"entry {entry.Sequence} is not the entry checkpoint {entry.Sequence} signed at {checkpoint.Time:O}: entries {from} to {entry.Sequence} were rewritten");
            }
            _authenticatedThrough = entry.Sequence;
            _checkpointsVerified++;
        }
        return null;
    }

    private AuditProblem? CheckEnd()
    {
        var last = _last ?? _bounds.FirstSequence - 1;
        var beyond = _checkpoints.Skip(_nextCheckpoint).Where(c => c.Sequence > last).ToList();
        if (beyond.FirstOrDefault(c => _trust.Check(c) is null) is { } vouching)
        {
            return new AuditProblem(last + 1, AuditProblemKind.Truncated,
                $"checkpoint {vouching.Sequence} signed at {vouching.Time:O} vouches for entries up to {vouching.Sequence}, but the log ends at {last}");
        }
        if (beyond.Count > 0)
        {
            return new AuditProblem(beyond[0].Sequence, AuditProblemKind.BadCheckpoint, _trust.Check(beyond[0])!);
        }
        if (_bounds.LastSequence is { } declared && declared > last)
        {
            return new AuditProblem(last + 1, AuditProblemKind.Truncated, $"entries up to {declared} were exported, but the export ends at {last}");
        }
        if (_bounds.LastSequence is { } end && end < last)
        {
            return new AuditProblem(end + 1, AuditProblemKind.Inserted, $"entries up to {end} were exported, but the export goes on to {last}");
        }
        if (_bounds.RequireSignedEnd && _last is { } signedEnd && (_authenticatedThrough ?? 0) < signedEnd)
        {
            var from = _authenticatedThrough + 1 ?? _first!.Value;
            return new AuditProblem(from, AuditProblemKind.Unsigned, $"no trusted checkpoint covers entries {from} to {signedEnd}");
        }
        return null;
    }

    /// <summary>Reads on to the end, only to classify a problem already found.</summary>
    private static async Task<bool> AppearsLaterAsync(IAsyncEnumerator<AuditEntry> rest, Func<AuditEntry, bool> match)
    {
        try
        {
            while (await rest.MoveNextAsync())
            {
                if (match(rest.Current))
                {
                    return true;
                }
            }
        }
        catch (InvalidDataException)
        {
            // A line that cannot be read ends the search; the problem is reported as found so far.
        }
        return false;
    }

    private AuditVerification Result(AuditProblem? problem) => new()
    {
        Problem = problem,
        Entries = _entries,
        FirstSequence = _first,
        LastSequence = _last,
        AuthenticatedThrough = _authenticatedThrough,
        CheckpointsVerified = _checkpointsVerified,
    };
}
