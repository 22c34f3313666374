using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>The <c>keel audit</c> branch: the tamper-evident audit log.</summary>
public static class AuditCommands
{
    public static void Configure(IConfigurator<CommandSettings> audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        audit.SetDescription("The tamper-evident audit log: verify its exports offline.");
        audit.AddCommand<AuditVerifyCommand>("verify").WithDescription("Verify an export: names the first bad sequence number and exits non-zero when tampered.");
    }
}
