using System.Text.Json.Nodes;
using Keel.Audit;
using Keel.Costs.Pricing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Metering;

/// <summary>
/// Records every change of the price book in the audit log. The book is configuration read at start,
/// so a change can only take effect at a start: this compares the book the host starts with to the
/// last one recorded (by <see cref="PriceBookListing.Fingerprint"/>) and appends a
/// <c>policy.changed</c> entry on <c>policy:price-book</c> with the new prices and what was added
/// and removed, before the host serves a report. A restart with the same prices records nothing.
/// </summary>
public sealed class PriceBookChangeAudit(
    PriceBookSource source,
    IAuditLog audit,
    IOptions<LedgerOptions> options,
    ILogger<PriceBookChangeAudit> logger) : IHostedService
{
    public static readonly string Target = AuditTargets.Policy("price-book");

    /// <summary>The platform itself: nobody's request changes the book.</summary>
    public const string Actor = "system";

    public Task StartAsync(CancellationToken cancellationToken) => RecordAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The entry appended, or null when the book is the one last recorded.</summary>
    public async Task<AuditEntry?> RecordAsync(CancellationToken cancellationToken)
    {
        var tenant = options.Value.AuditTenant;
        var previous = await LastRecordedAsync(tenant, cancellationToken).ConfigureAwait(false);
        var current = source.Book is { } book ? PriceBookListing.Of(book) : null;
        var fingerprint = current?.Fingerprint;
        var previousFingerprint = previous?["fingerprint"]?.GetValue<string>();
        if (fingerprint == previousFingerprint)
        {
            return null;
        }
        var before = PriceBookListing.FromJson(previous?["currency"]?.GetValue<string>(), previous?["prices"]);
        var details = new JsonObject
        {
            ["source"] = source.Source ?? "none configured",
            ["fingerprint"] = fingerprint,
            ["previous_fingerprint"] = previousFingerprint,
            ["currency"] = current?.Currency,
            ["prices"] = current?.LinesJson() ?? [],
            ["added"] = PriceBookListing.LinesJson(current?.Except(before) ?? []),
            ["removed"] = PriceBookListing.LinesJson(before?.Except(current) ?? []),
        };
        if (current is null)
        {
            details["problem"] = source.Problem;
        }
        var entry = await audit.AppendAsync(new NewAuditEntry(tenant, Actor, AuditActions.PolicyChanged, Target, details), cancellationToken)
            .ConfigureAwait(false);
        logger.LogInformation("Price book {Change} (audit entry {Sequence}): {Fingerprint}",
            previousFingerprint is null ? "recorded" : "changed", entry.Sequence, fingerprint ?? "none");
        return entry;
    }

    private async Task<JsonObject?> LastRecordedAsync(string tenant, CancellationToken cancellationToken)
    {
        AuditEntry? last = null;
        await foreach (var entry in audit.ReadAsync(new AuditQuery { Tenant = tenant, Target = Target }, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Action == AuditActions.PolicyChanged)
            {
                last = entry;
            }
        }
        return last is null ? null : JsonNode.Parse(last.Details) as JsonObject;
    }
}
