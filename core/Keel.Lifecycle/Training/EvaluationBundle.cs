using System.Globalization;
using System.Text.Json;
using Keel.Features.Definitions;
using Keel.Features.Offline;
using Keel.Gates;
using Keel.Training;

namespace Keel.Lifecycle;

/// <summary>
/// The holdout of a training run as the later steps need it, stored as JSON next to the model: which
/// snapshot rows were held out (their keys and times), their labels and the candidate's outputs,
/// the protected attributes' values and types, the model's input features with their types, the
/// ONNX parity measurement and the metrics. Evaluation scores the champion on the same rows and the
/// gates judge the candidate from it, without training again or holding the model in memory.
/// </summary>
public sealed record EvaluationBundle
{
    public required string Model { get; init; }

    public required TrainingTask Task { get; init; }

    /// <summary>The dataset snapshot the run trained on; <see cref="Rows"/> index its rows.</summary>
    public required string DatasetManifestSha256 { get; init; }

    public required IReadOnlyList<int> Rows { get; init; }

    public required IReadOnlyList<string> EntityKeys { get; init; }

    public required IReadOnlyList<DateTimeOffset> Timestamps { get; init; }

    /// <summary>1 or 0 for binary (1 = the positive class); the true value for regression.</summary>
    public required IReadOnlyList<double> Labels { get; init; }

    /// <summary>The candidate's output per row: the probability of the positive class, or the prediction.</summary>
    public required IReadOnlyList<double> Scores { get; init; }

    public required IReadOnlyList<BundleFeature> Features { get; init; }

    public required IReadOnlyList<BundleAttribute> ProtectedAttributes { get; init; }

    public required OnnxParityResult OnnxParity { get; init; }

    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    public static EvaluationBundle Of(TrainedModel model, TrainingSet set, string datasetManifestSha256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(set);
        var predictions = model.HoldoutPredictions;
        // The types come from the frame: a holdout prediction carries only the values.
        var attributes = model.ProtectedAttributes
            .Select(name => set.Frame.Columns.FirstOrDefault(c => c.Name == name))
            .OfType<FrameColumn>()
            .Select(column => new BundleAttribute(column.Name, column.Type, predictions.Select(p => p.ProtectedValues.GetValueOrDefault(column.Name)).ToArray()))
            .ToArray();
        return new EvaluationBundle
        {
            Model = model.Spec.Name,
            Task = model.Spec.Task,
            DatasetManifestSha256 = datasetManifestSha256,
            Rows = predictions.Select(p => p.Row).ToArray(),
            EntityKeys = predictions.Select(p => p.EntityKey).ToArray(),
            Timestamps = predictions.Select(p => p.Timestamp).ToArray(),
            Labels = predictions.Select(p => p.Label).ToArray(),
            Scores = predictions.Select(p => p.Output).ToArray(),
            Features = model.Features.Select(f => new BundleFeature(f.Name, f.Type, f.IsProtected)).ToArray(),
            ProtectedAttributes = attributes,
            OnnxParity = model.OnnxParity,
            Metrics = model.Metrics,
        };
    }

    /// <summary>The holdout as the gates take it, with the champion's scores on the same rows when there are some.</summary>
    public Holdout Holdout(IReadOnlyList<double>? championScores) => Task == TrainingTask.Binary
        ? Keel.Gates.Holdout.Binary(Labels.Select(label => label == 1).ToArray(), Scores, championScores)
        : Keel.Gates.Holdout.Regression(Labels, Scores, championScores);

    /// <summary>The held-out rows of the snapshot, in the bundle's order.</summary>
    public FeatureFrame HoldoutFrame(FeatureFrame snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (Rows.Any(row => row < 0 || row >= snapshot.RowCount))
        {
            throw new InvalidDataException($"The evaluation bundle of '{Model}' names rows outside its dataset snapshot of {snapshot.RowCount} rows.");
        }
        return new FeatureFrame(
            Rows.Select(row => snapshot.EntityKeys[row]).ToArray(),
            Rows.Select(row => snapshot.Timestamps[row]).ToArray(),
            snapshot.Columns.Select(c => c with { Values = Rows.Select(row => c.Values[row]).ToArray() }).ToArray());
    }
}

/// <summary>One input feature of the model and the type it was trained on.</summary>
public sealed record BundleFeature(string Name, FeatureType Type, bool IsProtected);

/// <summary>
/// A protected attribute's value for every holdout row. Read back from JSON the values are JSON
/// elements; <see cref="ToGateAttribute"/> turns them back into the feature type's CLR values.
/// </summary>
public sealed record BundleAttribute(string Name, FeatureType Type, IReadOnlyList<object?> Values)
{
    public ProtectedAttribute ToGateAttribute() =>
        new(Name, Type, Values.Select(value => Typed(value, Type, Name)).ToArray());

    private static object? Typed(object? value, FeatureType type, string name)
    {
        if (value is not JsonElement element)
        {
            return value;
        }
        return element.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String when type == FeatureType.String => element.GetString(),
            JsonValueKind.String when type == FeatureType.Timestamp => element.GetDateTimeOffset(),
            // NaN and the infinities are written as words.
            JsonValueKind.String when type == FeatureType.Double => double.Parse(element.GetString()!, CultureInfo.InvariantCulture),
            JsonValueKind.Number when type == FeatureType.Int64 => element.GetInt64(),
            JsonValueKind.Number when type == FeatureType.Double => element.GetDouble(),
            JsonValueKind.True or JsonValueKind.False when type == FeatureType.Bool => element.GetBoolean(),
            _ => throw new InvalidDataException($"Protected attribute '{name}' is {type.Name()} but holds the JSON {element.ValueKind} {element.GetRawText()}."),
        };
    }
}
