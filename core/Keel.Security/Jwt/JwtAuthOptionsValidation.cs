using Microsoft.Extensions.Options;

namespace Keel.Security.Jwt;

/// <summary>Refuses, at start-up, settings under which tokens could not be validated as promised.</summary>
internal sealed class JwtAuthOptionsValidation : IValidateOptions<JwtAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtAuthOptions options)
    {
        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Authority) && !string.IsNullOrWhiteSpace(options.JwksUri))
        {
            problems.Add($"{JwtAuthOptions.Section}: set Authority or JwksUri, not both.");
        }
        if (!string.IsNullOrWhiteSpace(options.JwksUri) && string.IsNullOrWhiteSpace(options.Issuer))
        {
            problems.Add($"{JwtAuthOptions.Section}:Issuer is required with JwksUri: a key set names no issuer.");
        }
        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            problems.Add($"{JwtAuthOptions.Section}:Audience must not be empty.");
        }
        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
        {
            problems.Add($"{JwtAuthOptions.Section}:ClockSkew must be between 0 and 5 minutes.");
        }
        if (options.ValidatedTokenCacheSize < 0 || options.ValidatedTokenCacheTime < TimeSpan.Zero || options.ValidatedTokenCacheTime > TimeSpan.FromHours(1))
        {
            // Longer than an hour would let a token outlive a key rotation by as long.
            problems.Add($"{JwtAuthOptions.Section}: ValidatedTokenCacheSize must be 0 or more and ValidatedTokenCacheTime between 0 and 1 hour.");
        }
        if (string.IsNullOrWhiteSpace(options.RoleClaim) || string.IsNullOrWhiteSpace(options.TenantClaim))
        {
            problems.Add($"{JwtAuthOptions.Section}: RoleClaim and TenantClaim must not be empty.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
