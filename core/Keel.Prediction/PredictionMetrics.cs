using System.Diagnostics;
using System.Diagnostics.Metrics;
using Keel.Serving;

namespace Keel.Prediction;

/// <summary>Predictions per model version and variant, on the serving meter, so dashboards see a canary's share of traffic.</summary>
public sealed class PredictionMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _predictions;
    private readonly Counter<long> _unlogged;

    public PredictionMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(ServingMetrics.MeterName) ?? new Meter(ServingMetrics.MeterName);
        _predictions = _meter.CreateCounter<long>("keel.serving.predictions", "{prediction}", "Predictions by model, version, variant and outcome");
        _unlogged = _meter.CreateCounter<long>("keel.serving.predictions.unlogged", "{prediction}", "Predictions the prediction log refused because its queue was full");
    }

    /// <summary>Counts one prediction; outcome is ok, shadow, or failed.</summary>
    public void Record(string model, int version, string variant, string outcome) =>
        _predictions.Add(1, new TagList { { "model", model }, { "version", version.ToString(System.Globalization.CultureInfo.InvariantCulture) }, { "variant", variant }, { "outcome", outcome } });

    public void Unlogged(string model) => _unlogged.Add(1, new KeyValuePair<string, object?>("model", model));

    public void Dispose() => _meter.Dispose();
}
