using System.ComponentModel;
using Keel.Security.Jwt;
using Keel.Security.Permissions;
using Keel.Storage;
using Microsoft.Extensions.Configuration;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel auth token</c>: a bearer token signed with the embedded key of a data directory, the key
/// <c>keel up</c> on that directory trusts. Only the token goes to standard output, so
/// <c>export KEEL_TOKEN=$(keel auth token …)</c> works.
/// </summary>
public sealed class AuthTokenCommand : Command<AuthTokenCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--user <USER>")]
        [Description("Who the token is for; becomes the actor of every change made with it.")]
        public string? User { get; init; }

        [CommandOption("--role <ROLES>")]
        [Description("Roles, comma-separated or repeated: viewer, data-scientist, ml-engineer, approver, auditor, admin, service.")]
        public string[] RoleOptions { get; init; } = [];

        [CommandOption("--tenant <TENANT>")]
        [Description("The tenant the token acts for (default: $KEEL_TENANT or 'default').")]
        public string? Tenant { get; init; }

        [CommandOption("--lifetime <DURATION>")]
        [Description("How long the token is valid: 45m, 8h, 7d or [d.]hh:mm:ss (default 8h, at most 30d).")]
        public string LifetimeOption { get; init; } = "8h";

        [CommandOption("--data-dir <DIR>")]
        [Description("The data directory whose key signs the token (default .keel/data); the key is made there if missing.")]
        public string DataDir { get; init; } = Path.Combine(".keel", "data");

        public IReadOnlyList<string> Roles => RoleOptions
            .SelectMany(option => option.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        public string TenantName => Tenant ?? Environment.GetEnvironmentVariable("KEEL_TENANT") ?? Keel.Events.TenantName.Default;

        public TimeSpan Lifetime => LifetimeText.TryParse(LifetimeOption, out var lifetime) ? lifetime : TimeSpan.Zero;

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(User))
            {
                return ValidationResult.Error("--user: who the token is for is required");
            }
            if (Roles.Count == 0)
            {
                return ValidationResult.Error($"--role: at least one of {string.Join(", ", KeelRoles.All)}");
            }
            if (Roles.FirstOrDefault(role => !KeelRoles.IsKnown(role)) is { } unknown)
            {
                return ValidationResult.Error($"--role: '{unknown}' is not a role; roles are {string.Join(", ", KeelRoles.All)}");
            }
            if (!Keel.Events.TenantName.IsValid(TenantName))
            {
                return ValidationResult.Error($"--tenant: '{TenantName}' is not a valid tenant ({Keel.Events.TenantName.Rule})");
            }
            if (!LifetimeText.TryParse(LifetimeOption, out var lifetime) || lifetime <= TimeSpan.Zero || lifetime > LocalTokenIssuer.MaxLifetime)
            {
                return ValidationResult.Error($"--lifetime: '{LifetimeOption}' is not a duration between 1s and {LocalTokenIssuer.MaxLifetime.TotalDays:0}d such as 8h");
            }
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // The same settings keel up reads (KEEL__AUTH__JWT__ISSUER and so on), so the token matches what the platform expects.
        var jwt = new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(JwtAuthOptions.Section).Get<JwtAuthOptions>() ?? new JwtAuthOptions();
        var storage = new StorageOptions { DataDir = settings.DataDir };
        using var key = LocalSigningKey.LoadOrCreate(jwt.SigningKeyPath(storage));
        if (key.Created)
        {
            Console.Error.WriteLine($"keel: created the signing key {key.Path}");
        }
        var token = LocalTokenIssuer.For(key, jwt).Issue(settings.User!, settings.Roles, settings.TenantName, settings.Lifetime);
        Console.Out.WriteLine(token);
        return 0;
    }
}
