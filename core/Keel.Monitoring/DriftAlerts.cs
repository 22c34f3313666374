using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Keel.Drift.Detection;
using Keel.Drift.Profiles;
using Keel.Drift.Quality;
using Keel.Drift.Windows;
using Keel.Events;

namespace Keel.Monitoring;

/// <summary>
/// Judges a closed window against its version's reference and writes the alerts it calls for:
/// <c>dev.keel.drift.detected.v1</c> when the dataset or the score drifted, <c>dev.keel.data.quality.v1</c>
/// when data-quality checks found problems. An alert's id is derived from the version and the window
/// (its slot, size and contents), so judging the same window again announces the same ids, and two
/// windows that filled up in one slot announce two.
/// </summary>
public static class DriftAlerts
{
    public const string Source = "/keel/functions/detect-drift";

    public static WindowJudgement Judge(VersionKey key, ClosedWindow window, DatasetProfile reference, ModelDriftPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(policy);
        var drift = DriftDetector.Compare(reference, window.Profile, policy.ToDriftPolicy(reference.Features.Keys.ToArray()));
        var quality = DataQualityChecks.Check(reference, window.Profile, policy.ToQualityOptions());
        var scoreDrift = drift.Score?.Drifted == true;
        var events = new List<CloudEvent>(2);
        var identity = WindowIdentity.Of(window.Start, window.End, window.Rows, window.Reason, window.Profile.ToJson());
        if (drift.DatasetDrift || scoreDrift)
        {
            events.Add(Alert(key, identity, KeelEventTypes.DriftDetected, DriftData(key, window, drift, scoreDrift)));
        }
        if (!quality.Passed)
        {
            events.Add(Alert(key, identity, KeelEventTypes.DataQuality, QualityData(key, window, quality)));
        }
        return new WindowJudgement(key, window, drift, quality, events);
    }

    private static JsonObject DriftData(VersionKey key, ClosedWindow window, DriftReport drift, bool scoreDrift) => new()
    {
        ["model"] = key.Model,
        ["version"] = key.Version,
        ["reference_version"] = key.Version,
        ["window"] = Window(window),
        ["reference_rows"] = drift.ReferenceRows,
        ["dataset_drift"] = drift.DatasetDrift,
        ["score_drift"] = scoreDrift,
        ["drift_share"] = drift.DriftShare,
        ["dataset_drift_share"] = drift.DatasetDriftShare,
        ["drifted_features"] = new JsonArray([.. drift.Features.Where(f => f.Drifted).Select(f => (JsonNode)f.Feature)]),
        ["features"] = new JsonArray([.. drift.Features.Select(Feature)]),
        ["score"] = drift.Score is { } score ? Feature(score) : null,
    };

    private static JsonObject QualityData(VersionKey key, ClosedWindow window, DataQualityReport quality) => new()
    {
        ["model"] = key.Model,
        ["version"] = key.Version,
        ["window"] = Window(window),
        ["findings"] = new JsonArray([.. quality.Findings.Select(f => (JsonNode)new JsonObject
        {
            ["feature"] = f.Feature,
            ["kind"] = Snake(f.Kind.ToString()),
            ["message"] = f.Message,
            ["reference_value"] = Finite(f.ReferenceValue),
            ["current_value"] = Finite(f.CurrentValue),
            ["count"] = f.Count,
            ["share"] = Finite(f.Share),
            ["values"] = f.Values is { } values ? new JsonArray([.. values.Select(v => (JsonNode)v)]) : null,
            ["exact"] = f.Exact,
        })]),
    };

    private static JsonObject Window(ClosedWindow window) => new()
    {
        ["start"] = window.Start?.ToString("O"),
        ["end"] = window.End?.ToString("O"),
        ["rows"] = window.Rows,
        ["closed_because"] = Snake(window.Reason.ToString()),
    };

    private static JsonObject Feature(FeatureDrift feature) => new()
    {
        ["feature"] = feature.Feature,
        ["kind"] = Snake(feature.Kind.ToString()),
        ["method"] = feature.Method is { } method ? Snake(method.ToString()) : null,
        // A chi-squared statistic is infinite when a category is new; JSON has no infinity, and null says "beyond measure" here.
        ["statistic"] = Finite(feature.Statistic),
        ["p_value"] = Finite(feature.PValue),
        ["threshold"] = Finite(feature.Threshold),
        ["drifted"] = feature.Drifted,
        ["reference_count"] = feature.ReferenceCount,
        ["current_count"] = feature.CurrentCount,
        ["skipped"] = feature.Skipped,
    };

    private static CloudEvent Alert(VersionKey key, string window, string type, JsonObject data)
    {
        var identity = $"{type}/{key}/{window}";
        var alert = new CloudEvent(CloudEventsSpecVersion.V1_0, KeelAttributes.All)
        {
            Id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32],
            Source = new Uri(Source, UriKind.Relative),
            Type = type,
            Time = DateTimeOffset.UtcNow,
            Subject = key.Model,
            DataContentType = "application/json",
            Data = data,
        };
        alert.SetTenant(key.Tenant);
        return alert;
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static string Snake(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}

/// <summary>A window's verdicts and the alerts they call for (none when all is well).</summary>
public sealed record WindowJudgement(VersionKey Key, ClosedWindow Window, DriftReport Drift, DataQualityReport Quality, IReadOnlyList<CloudEvent> Alerts);
