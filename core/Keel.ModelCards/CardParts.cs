using Keel.Features.Definitions;
using Keel.Gates;

namespace Keel.ModelCards;

/// <summary>What the model's owner says about it: what it is for, who answers for it, how it may be used, and where it falls short.</summary>
public sealed record ModelDescription(string Purpose, string Owner, string IntendedUse, IReadOnlyList<string> Limitations);

/// <summary>A version's place in the registry: its stage, who created it and when, and who approved it (null until someone has).</summary>
public sealed record ModelRegistration(string Stage, string CreatedBy, DateTimeOffset CreatedAt, string? ApprovedBy = null, DateTimeOffset? ApprovedAt = null);

/// <summary>One input feature of the model.</summary>
public sealed record CardFeature(string Name, FeatureType Type, string? Description);

/// <summary>One gate's outcome, as the card lists it.</summary>
public sealed record GateOutcome(string Gate, GateVerdict Verdict, string Summary);
