namespace Keel.Features.Definitions;

/// <summary>A thing features describe (an applicant, a policy), identified by its join key.</summary>
public sealed record EntityDefinition
{
    public required string Name { get; init; }

    public required string JoinKey { get; init; }

    public string? Description { get; init; }
}
