using System.ComponentModel;
using Keel.Security.Permissions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel auth key create</c>: a new API key for a service client. The key goes to standard output
/// alone, once; only its hash is kept.
/// </summary>
public sealed class AuthKeyCreateCommand : AsyncCommand<AuthKeyCreateCommand.Settings>
{
    public sealed class Settings : AuthKeySettings
    {
        [CommandOption("--name <NAME>")]
        [Description("What the key is for, e.g. the client's name.")]
        public string? Name { get; init; }

        [CommandOption("--role <ROLES>")]
        [Description("Roles, comma-separated or repeated (default service).")]
        public string[] RoleOptions { get; init; } = [];

        [CommandOption("--created-by <NAME>")]
        [Description("Who creates the key (default: $KEEL_ACTOR or the user name).")]
        public string? CreatedBy { get; init; }

        public IReadOnlyList<string> Roles
        {
            get
            {
                var roles = RoleOptions.SelectMany(o => o.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
                return roles.Count == 0 ? [KeelRoles.Service] : roles;
            }
        }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Name))
            {
                return ValidationResult.Error("--name: what the key is for is required");
            }
            if (Roles.FirstOrDefault(role => !KeelRoles.IsKnown(role)) is { } unknown)
            {
                return ValidationResult.Error($"--role: '{unknown}' is not a role; roles are {string.Join(", ", KeelRoles.All)}");
            }
            return base.Validate();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var store = settings.OpenStore();
        var createdBy = settings.CreatedBy ?? Environment.GetEnvironmentVariable("KEEL_ACTOR") ?? Environment.UserName;
        var issued = await store.CreateAsync(settings.TenantName, settings.Name!, settings.Roles, createdBy, cancellationToken);
        Console.Error.WriteLine($"keel: created API key {issued.Key.Id} '{issued.Key.Name}' for tenant {issued.Key.Tenant} with roles {string.Join(", ", issued.Key.Roles)}; it is shown only this once.");
        Console.Out.WriteLine(issued.Secret);
        return 0;
    }
}
