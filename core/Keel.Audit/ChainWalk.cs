namespace Keel.Audit;

/// <summary>
/// One pass over a chain in stored order. It stops at the first problem; only to tell a deletion
/// from a reordering, or an edit from a renumbering, does it read on or try nearby sequence numbers.
/// A sealed entry is checked as a link: its digest is taken as given, its hash recomputed from it.
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
    private long _sealed;
    private bool _previousSealed;
    private readonly Queue<(long Sequence, string Hash)> _recent = new();
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

    public async Task<AuditVerification> RunAsync(IAsyncEnumerable<AuditLink> entries, CancellationToken cancellationToken)
    {
        await using var cursor = entries.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            AuditLink entry;
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
            _previousSealed = entry is AuditSealedEntry;
            _expected = entry.Sequence + 1;
            _entries++;
            _sealed += _previousSealed ? 1 : 0;
            _recent.Enqueue((entry.Sequence, entry.Hash));
            if (_recent.Count > RenumberingReach)
            {
                _recent.Dequeue();
            }
        }
        return Result(CheckEnd());
    }

    private async Task<AuditProblem?> CheckAsync(AuditLink entry, IAsyncEnumerator<AuditLink> rest)
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

        var isSealed = entry is AuditSealedEntry;
        var intact = AuditHash.Compute(entry) == entry.Hash;
        var linked = _previousHash is null || entry.PreviousHash == _previousHash;
        if (!linked && intact)
        {
            if (isSealed && await MovedAsync(entry, rest) is { } moved)
            {
                return moved;
            }
            if (n == 1)
            {
                return new AuditProblem(1, AuditProblemKind.Edited, "entry 1 does not start from the genesis hash");
            }
            // The entry itself is whole, so the one before it is what changed: it was given a new hash.
            var changed = Lower(n - 1, _previousSealed);
            return new AuditProblem(changed, AuditProblemKind.Edited, changed == n - 1
                ? $"entry {n} links to a hash entry {n - 1} no longer has: entry {n - 1} was changed and given a new hash"
                : $"entry {n} links to a hash sealed entry {n - 1} no longer has: its digest was changed, or entry {changed} was changed and given a new hash and entry {n - 1} re-linked to it");
        }
        if (!linked)
        {
            return (entry is AuditEntry full ? await RenumberedAsync(full, rest) : null)
                ?? new AuditProblem(n, AuditProblemKind.Edited, $"entry {n} neither links to entry {n - 1} nor matches its own hash");
        }
        if (intact)
        {
            return null;
        }
        if (isSealed && Lower(n, true) is var before && before < n && await ChainGoesOnFromAsync(entry, rest))
        {
            return new AuditProblem(before, AuditProblemKind.Edited,
                $"sealed entry {n} does not match its hash, though the chain goes on from that hash: its digest was changed, or entry {before} was changed and given a new hash and entry {n}'s previous_hash changed to match");
        }
        return new AuditProblem(n, AuditProblemKind.Edited, isSealed
            ? $"sealed entry {n} does not match its hash: its digest or hash was changed after it was written"
            : $"entry {n} does not match its hash: it was changed after it was written");
    }

    /// <summary>
    /// A sealed entry's digest cannot be recomputed, so a change to it looks exactly like a change to
    /// its previous_hash made to follow the entry before it, itself changed and given a new hash. The
    /// lower of the two is named, unless a checkpoint vouches for the entry before.
    /// </summary>
    private long Lower(long sequence, bool isSealed) =>
        isSealed && _first <= sequence - 1 && (_authenticatedThrough ?? 0) < sequence - 1 ? sequence - 1 : sequence;

    /// <summary>Whether the entry's hash is the one the next entry links to or a checkpoint signs: then the hash itself is not what changed.</summary>
    private async Task<bool> ChainGoesOnFromAsync(AuditLink entry, IAsyncEnumerator<AuditLink> rest)
    {
        if (_checkpoints.Any(c => c.Sequence == entry.Sequence && c.EntryHash == entry.Hash))
        {
            return true;
        }
        try
        {
            return await rest.MoveNextAsync() && rest.Current.PreviousHash == entry.Hash;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>
    /// A sealed entry's hash does not cover its sequence number, so a renumbered one still matches it.
    /// Where it belongs shows in the hashes around it: the entry it links to is a few places back
    /// (entries were inserted), or later in the file (reordered), or a checkpoint's hash turns up under
    /// a lower sequence number (entries were deleted and the rest renumbered).
    /// </summary>
    private async Task<AuditProblem?> MovedAsync(AuditLink entry, IAsyncEnumerator<AuditLink> rest)
    {
        var n = entry.Sequence;
        foreach (var (sequence, hash) in _recent)
        {
            if (hash == entry.PreviousHash)
            {
                return new AuditProblem(sequence + 1, AuditProblemKind.Inserted,
                    $"entry {n} links to entry {sequence}: entries {sequence + 1} to {n - 1} were inserted before it");
            }
        }
        var signed = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var checkpoint in _checkpoints)
        {
            signed.TryAdd(checkpoint.EntryHash, checkpoint.Sequence);
        }
        long? Shift(AuditLink line) => signed.TryGetValue(line.Hash, out var at) && at != line.Sequence ? at - line.Sequence : null;
        var shift = Shift(entry);
        var reordered = false;
        await ScanAsync(rest, later =>
        {
            reordered = later.Hash == entry.PreviousHash;
            shift ??= Shift(later);
            return reordered;
        });
        if (reordered)
        {
            return new AuditProblem(n, AuditProblemKind.Reordered, $"entry {n} is out of place: the entry it links to comes after it");
        }
        return shift > 0
            ? new AuditProblem(n, AuditProblemKind.Deleted, $"entries from {n} are missing: the entries after them were renumbered down by {shift}, as a checkpoint's hash shows")
            : null;
    }

    /// <summary>An entry that hashes correctly under another sequence number was moved there.</summary>
    private static async Task<AuditProblem?> RenumberedAsync(AuditEntry entry, IAsyncEnumerator<AuditLink> rest)
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

    private AuditProblem? CheckCheckpoints(AuditLink entry)
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

    private static async Task<bool> AppearsLaterAsync(IAsyncEnumerator<AuditLink> rest, Func<AuditLink, bool> match)
    {
        var found = false;
        await ScanAsync(rest, later => found = match(later));
        return found;
    }

    /// <summary>Reads on until <paramref name="stop"/> says so or the end, only to classify a problem already found.</summary>
    private static async Task ScanAsync(IAsyncEnumerator<AuditLink> rest, Func<AuditLink, bool> stop)
    {
        try
        {
            while (await rest.MoveNextAsync())
            {
                if (stop(rest.Current))
                {
                    return;
                }
            }
        }
        catch (InvalidDataException)
        {
            // A line that cannot be read ends the search; the problem is reported as found so far.
        }
    }

    private AuditVerification Result(AuditProblem? problem) => new()
    {
        Problem = problem,
        Entries = _entries,
        Sealed = _sealed,
        FirstSequence = _first,
        LastSequence = _last,
        AuthenticatedThrough = _authenticatedThrough,
        CheckpointsVerified = _checkpointsVerified,
    };
}
