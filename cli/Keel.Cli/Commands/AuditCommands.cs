using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>The <c>keel audit</c> branch: the tamper-evident audit log.</summary>
public static class AuditCommands
{
    public static void Configure(IConfigurator<CommandSettings> audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        audit.SetDescription("The tamper-evident audit log: export your tenant's part, show a target's history, verify exports offline.");
        audit.AddCommand<AuditExportCommand>("export").WithDescription("Write the tenant's audit entries (others sealed) as signed JSON lines.");
        audit.AddCommand<AuditShowCommand>("show").WithDescription("Show the audit entries of a target, e.g. model:credit_risk:3.");
        audit.AddCommand<AuditVerifyCommand>("verify").WithDescription("Verify an export: names the first bad sequence number and exits non-zero when tampered.");
    }
}
