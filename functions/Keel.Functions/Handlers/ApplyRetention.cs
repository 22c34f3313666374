using Keel.Functions.Http;
using Keel.Retention;
using Keel.Retention.Policy;
using Keel.Retention.Reports;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// The artifact lifecycle policy (Keel.Retention). <c>POST /api/lifecycle/apply?dryRun=true|false</c>
/// runs the caller's tenant's rules and answers the report as JSON: a dry run (the default, when
/// <c>dryRun</c> is absent) lists what would be deleted or moved and changes nothing; <c>dryRun=false</c>
/// computes the same plan once and carries it out, each change audited with the caller as actor.
/// <c>asOf=&lt;ISO 8601 instant&gt;</c> (a dry run only) forecasts what the rules release by that later moment.
/// The report shows only the caller's tenant, although every tenant is read for shared blobs.
/// On its Timer trigger it runs every tenant with rules in <c>Keel:Retention:ScheduledMode</c>.
/// </summary>
public sealed class ApplyRetention(ArtifactRetention retention)
{
    public const string DryRunParameter = "dryRun";
    public const string AsOfParameter = "asOf";

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem) || !RequestActor.TryGet(request, out var actor, out problem))
        {
            return problem!;
        }
        if (!TryReadDryRun(request, out var dryRun, out problem) || !TryReadAsOf(request, dryRun, out var asOf, out problem))
        {
            return problem!;
        }
        try
        {
            var report = await retention.RunAsync(dryRun ? RetentionMode.DryRun : RetentionMode.Apply, [tenant], actor, cancellationToken, asOf);
            return Results.Json(TenantView.For(report, tenant), RetentionReportJson.Options);
        }
        catch (ArgumentOutOfRangeException ex) when (asOf is not null && ex.ParamName == "asOf")
        {
            // The planner judges "the past" on the platform's clock, the one the plan is made on.
            return ProblemResults.BadRequest("Malformed request", $"{AsOfParameter} ({asOf:O}) is in the past; a forecast looks ahead.");
        }
    }

    public Task RunScheduledAsync(CancellationToken cancellationToken) => retention.RunScheduledAsync(cancellationToken);

    // Anything but an explicit false is not permission to delete: a typo must not turn a dry run into an apply.
    private static bool TryReadDryRun(HttpRequest request, out bool dryRun, out IResult? problem)
    {
        dryRun = true;
        problem = null;
        var values = request.Query[DryRunParameter];
        if (values.Count == 0)
        {
            return true;
        }
        if (values.Count == 1 && bool.TryParse(values[0], out dryRun))
        {
            return true;
        }
        problem = ProblemResults.BadRequest("Malformed request", $"{DryRunParameter} must be true or false (once); it was '{string.Join(",", values.ToArray())}'.");
        return false;
    }

    private static bool TryReadAsOf(HttpRequest request, bool dryRun, out DateTimeOffset? asOf, out IResult? problem)
    {
        asOf = null;
        problem = null;
        var values = request.Query[AsOfParameter];
        if (values.Count == 0)
        {
            return true;
        }
        if (values.Count != 1 || !DateTimeOffset.TryParse(values[0], System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
        {
            problem = ProblemResults.BadRequest("Malformed request", $"{AsOfParameter} must be one ISO 8601 instant such as 2026-12-31T00:00:00Z; it was '{string.Join(",", values.ToArray())}'.");
            return false;
        }
        if (!dryRun)
        {
            problem = ProblemResults.BadRequest("Malformed request", $"{AsOfParameter} forecasts a dry run; it cannot be applied (drop {AsOfParameter}, or set {DryRunParameter}=true).");
            return false;
        }
        asOf = parsed;
        return true;
    }
}
