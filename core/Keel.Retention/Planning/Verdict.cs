namespace Keel.Retention.Planning;

/// <summary>How strongly an owner holds on to a blob, weakest first: a blob gets the strongest verdict of its owners.</summary>
internal enum Hold
{
    Delete,
    Cold,
    Keep,
    Protected,
}

/// <summary>An owner's verdict on its blobs and why: the rule that releases them, or what keeps them.</summary>
internal sealed record Verdict(Hold Hold, string Reason)
{
    public bool Releases => Hold is Hold.Delete or Hold.Cold;

    /// <summary>The rule alone, as plans and audit entries name it, when the reason says more (which version a run follows).</summary>
    public string Rule { get; init; } = Reason;
}

/// <summary>One owner's reference to one blob, with the owner's verdict.</summary>
internal sealed record Reference(string Sha256, ArtifactOwner Owner, Verdict Verdict);
