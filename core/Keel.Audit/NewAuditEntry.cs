using System.Text.Json.Nodes;
using Keel.Events;

namespace Keel.Audit;

/// <summary>What a caller appends; the log assigns the sequence, the time and the hashes.</summary>
public sealed record NewAuditEntry(string Tenant, string Actor, string Action, string Target, JsonObject? Details = null)
{
    public const int MaxActorLength = 256;
    public const int MaxActionLength = 128;
    public const int MaxTargetLength = 512;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first field that cannot be recorded.</summary>
    public void Validate()
    {
        if (!TenantName.IsValid(Tenant))
        {
            throw new ArgumentException($"tenant: {TenantName.Rule}", nameof(Tenant));
        }
        Require(Actor, nameof(Actor), MaxActorLength);
        Require(Action, nameof(Action), MaxActionLength);
        Require(Target, nameof(Target), MaxTargetLength);
    }

    private static void Require(string? value, string name, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength)
        {
            throw new ArgumentException($"{name.ToLowerInvariant()}: required, at most {maxLength} characters", name);
        }
        if (!AuditEncoding.IsEncodable(value))
        {
            throw new ArgumentException($"{name.ToLowerInvariant()}: not valid Unicode text", name);
        }
    }
}
