using Keel.Gates.Settings;

namespace Keel.Gates;

/// <summary>
/// Everything the gates judge a candidate on, as data: the scored holdout, the protected
/// attributes of its rows, both sides of the schema contract, the ONNX parity measurement and a
/// probe that times scoring. Gates never see a model, so they stay independent of ML.NET and ONNX.
/// </summary>
public sealed record GateContext
{
    public required string ModelName { get; init; }

    public required string ModelVersion { get; init; }

    public required Holdout Holdout { get; init; }

    /// <summary>A binary score at or above the threshold is a prediction of the positive class.</summary>
    public double Threshold { get; init; } = 0.5;

    public IReadOnlyList<ProtectedAttribute> ProtectedAttributes { get; init; } = [];

    /// <summary>The features of the feature service the model is trained on and served from; null when not known.</summary>
    public IReadOnlyList<ServiceFeature>? ServiceSchema { get; init; }

    /// <summary>The model's input signature as the training side reports it; null when not known.</summary>
    public IReadOnlyList<ModelInput>? ModelInputs { get; init; }

    /// <summary>The ONNX export compared with the trained model; null when parity was not measured.</summary>
    public OnnxParityMeasurement? OnnxParity { get; init; }

    /// <summary>Times the given number of single-row CPU scorings of the candidate and returns each one's duration; null when the model cannot be timed here.</summary>
    public Func<int, CancellationToken, Task<IReadOnlyList<TimeSpan>>>? LatencyProbe { get; init; }

    /// <summary>The spec's <c>gates</c> section: gate name → that gate's settings.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> Settings { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, object?>>();

    public GateSettings SettingsFor(string gate) => new(gate, Settings.GetValueOrDefault(gate));

    /// <summary>Throws when the parts of the context disagree with each other (row counts, duplicate attributes, the threshold).</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Holdout);
        if (Holdout.Task == ModelTask.Binary && !(Threshold > 0 && Threshold < 1))
        {
            throw new ArgumentException($"threshold: {Threshold} is not a probability strictly between 0 and 1");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attribute in ProtectedAttributes)
        {
            if (!seen.Add(attribute.Name))
            {
                throw new ArgumentException($"protected attribute '{attribute.Name}' is given twice");
            }
            if (attribute.Values.Count != Holdout.Rows)
            {
                throw new ArgumentException($"protected attribute '{attribute.Name}': {attribute.Values.Count} values for {Holdout.Rows} holdout rows");
            }
        }
    }
}
