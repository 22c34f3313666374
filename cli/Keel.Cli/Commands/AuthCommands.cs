using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>The <c>keel auth</c> branch: credentials for the embedded platform.</summary>
public static class AuthCommands
{
    public static void Configure(IConfigurator<CommandSettings> auth)
    {
        ArgumentNullException.ThrowIfNull(auth);
        auth.SetDescription("Credentials for local use: tokens signed with the data directory's key, and API keys.");
        auth.AddCommand<AuthTokenCommand>("token").WithDescription("Print a bearer token for a user, roles and tenant.");
        auth.AddBranch("key", key =>
        {
            key.SetDescription("API keys of service clients, kept hashed in the data directory.");
            key.AddCommand<AuthKeyCreateCommand>("create").WithDescription("Create a key for a tenant and roles; prints it once.");
            key.AddCommand<AuthKeyListCommand>("list").WithDescription("List the tenant's keys.");
            key.AddCommand<AuthKeyRevokeCommand>("revoke").WithDescription("Revoke a key by its id.");
        });
    }
}
