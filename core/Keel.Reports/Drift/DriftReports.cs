using Keel.Drift.Detection;
using Keel.Drift.Profiles;
using Keel.Drift.Quality;
using Keel.Monitoring;
using Microsoft.Extensions.Options;

namespace Keel.Reports.Drift;

/// <summary>
/// Builds a version's drift report from the drift history: the last judged window, or every window
/// that ended within a duration merged into one profile and judged again against the version's
/// reference with the model's current policy.
/// </summary>
public sealed class DriftReports(
    DriftHistory history,
    ReferenceProfileCache references,
    IOptions<DriftMonitorOptions> monitoring,
    IOptions<ReportOptions> options,
    TimeProvider time)
{
    private readonly ReportOptions _options = Validated(options.Value);

    /// <param name="version">The version; null for the newest one with judged windows.</param>
    /// <exception cref="ReportNotFoundException">The model or version has no judged windows in the window, or no reference.</exception>
    public async Task<ModelDriftReport> BuildAsync(string tenant, string model, int? version, ReportWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var now = time.GetUtcNow();
        var number = version
            ?? await history.LatestVersionAsync(tenant, model, cancellationToken)
            ?? throw new ReportNotFoundException($"Model '{model}' has no judged drift windows.");
        var key = new VersionKey(tenant, model, number);
        var since = window.Since(now) ?? DateTimeOffset.MinValue;
        IEnumerable<JudgedWindow> windows = window.IsLatest
            ? await history.LatestAsync(key, cancellationToken) is { } latest ? [latest] : []
            : history.EndedSince(key, since, _options.MaxMergedWindows);
        var summaries = new List<JudgedWindowSummary>();
        DatasetProfile? live = null;
        foreach (var judged in windows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            summaries.Add(new JudgedWindowSummary(judged.Start, judged.End, judged.Rows, judged.Reason, judged.DatasetDrift, judged.DriftShare, judged.ScoreDrift));
            // Profiles merge exactly (counts, ranges) and within the sketch's rank error (quantiles); one is held at a time.
            if (live is null)
            {
                live = judged.Profile;
            }
            else
            {
                live.Merge(judged.Profile);
            }
        }
        if (live is null)
        {
            throw new ReportNotFoundException(window.IsLatest || window == ReportWindow.All
                ? $"Version {number} of '{model}' has no judged drift windows."
                : $"Version {number} of '{model}' has no judged drift windows that ended in the last {window.Text}.");
        }
        summaries.Reverse();
        var total = window.IsLatest ? 1 : await history.CountEndedSinceAsync(key, since, cancellationToken);
        var reference = await references.GetAsync(key, cancellationToken)
            ?? throw new ReportNotFoundException($"Version {number} of '{model}' has no reference profile to compare with.");

        var policy = monitoring.Value.PolicyFor(model);
        var drift = DriftDetector.Compare(reference, live, policy.ToDriftPolicy(reference.Features.Keys.ToArray()));
        var quality = DataQualityChecks.Check(reference, live, policy.ToQualityOptions());
        return new ModelDriftReport(
            tenant,
            model,
            number,
            new DriftReportWindow(window.Text, summaries.Min(w => w.Start ?? w.End), summaries.Max(w => w.End), summaries.Count, total - summaries.Count, summaries),
            now,
            drift.ReferenceRows,
            live.Rows,
            drift.DatasetDrift,
            drift.DriftShare,
            drift.DatasetDriftShare,
            drift.ComparedColumns,
            [.. drift.Features.Where(f => f.Drifted).Select(f => f.Feature).Order(StringComparer.Ordinal)],
            drift.Score?.Drifted == true,
            [.. drift.Features.OrderBy(f => f.Feature, StringComparer.Ordinal).Select(f => Feature(f, reference.Features.GetValueOrDefault(f.Feature), live.Features.GetValueOrDefault(f.Feature)))],
            drift.Score is { } score ? Feature(score, reference.Score, live.Score) : null,
            [.. quality.Findings.Select(Finding)]);
    }

    private FeatureReport Feature(FeatureDrift drift, FeatureProfile? reference, FeatureProfile? live) => new(
        drift.Feature,
        drift.Kind,
        drift.Method,
        ReportJson.Finite(drift.Statistic),
        ReportJson.Finite(drift.PValue),
        ReportJson.Finite(drift.Threshold),
        drift.Drifted,
        drift.ReferenceCount,
        drift.CurrentCount,
        reference?.MissingRate ?? 0,
        live?.MissingRate ?? 0,
        drift.Skipped,
        reference is not null && live is not null ? Distributions.Of(reference, live, _options.HistogramBins, _options.MaxCategories) : []);

    private static QualityFindingReport Finding(DataQualityFinding finding) => new(
        finding.Feature,
        finding.Kind,
        finding.Message,
        ReportJson.Finite(finding.ReferenceValue),
        ReportJson.Finite(finding.CurrentValue),
        finding.Count,
        ReportJson.Finite(finding.Share),
        finding.Values,
        finding.Exact);

    private static ReportOptions Validated(ReportOptions options)
    {
        options.Validate();
        return options;
    }
}
