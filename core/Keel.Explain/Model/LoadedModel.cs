using Keel.Training;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;

namespace Keel.Explain;

/// <summary>
/// A saved Keel ML.NET model taken apart for explaining: the transforms that turn inputs into the
/// feature vector, the final predictor (unwrapped from its calibrator), the calibrator, and which
/// model input each slot of the feature vector comes from.
/// </summary>
internal sealed class LoadedModel
{
    private readonly MLContext _ml = new(seed: 0);
    private readonly ITransformer _model;
    private readonly ITransformer _encoder;

    public LoadedModel(byte[] modelZip)
    {
        ArgumentNullException.ThrowIfNull(modelZip);
        using var stream = new MemoryStream(modelZip, writable: false);
        _model = _ml.Model.Load(stream, out var inputSchema);
        Inputs = InputsOf(inputSchema);
        FeatureNames = Inputs.Select(i => i.Name).ToArray();

        var steps = Flatten(_model).ToList();
        if (steps.Count == 0 || steps[^1] is not ISingleFeaturePredictionTransformer<object> predictor)
        {
            throw new NotSupportedException("The model does not end in a predictor over a feature vector; it cannot be explained.");
        }
        _encoder = new TransformerChain<ITransformer>([.. steps.Take(steps.Count - 1)]);
        FeatureColumn = predictor.FeatureColumnName;
        (Predictor, Calibrator) = Unwrap(predictor.Model);

        var encodedSchema = _encoder.GetOutputSchema(inputSchema);
        var column = encodedSchema.GetColumnOrNull(FeatureColumn)
            ?? throw new NotSupportedException($"The model's predictor reads '{FeatureColumn}', which its transforms do not produce.");
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType { RawType: var raw }, Size: > 0 } vector || raw != typeof(float))
        {
            throw new NotSupportedException($"The model's feature column '{FeatureColumn}' is {column.Type}, not a fixed-size Single vector.");
        }
        SlotCount = vector.Size;
        SlotNames = SlotMap.Names(column);
        SlotInputs = SlotMap.InputsOfSlots(column, Inputs);
        var score = _model.GetOutputSchema(inputSchema).GetColumnOrNull("Score");
        if (score is not { Type: NumberDataViewType { RawType: var scoreType } } || scoreType != typeof(float))
        {
            throw new NotSupportedException(
                $"The model's Score column is {score?.Type.ToString() ?? "missing"}; only binary and regression models (one Single score per row) can be explained.");
        }
    }

    /// <summary>The model's inputs, as its input schema declares them.</summary>
    public IReadOnlyList<InputColumn> Inputs { get; }

    public IReadOnlyList<string> FeatureNames { get; }

    public string FeatureColumn { get; }

    public int SlotCount { get; }

    /// <summary>The slot names of the feature vector ("keel.numeric.income", "keel.onehot.region.north", …).</summary>
    public string[] SlotNames { get; }

    /// <summary>For each slot of the feature vector, the index of the input it encodes.</summary>
    public int[] SlotInputs { get; }

    /// <summary>The predictor itself: calibration, if any, removed.</summary>
    public object Predictor { get; }

    /// <summary>Turns the raw score into a probability (binary models); null for regression.</summary>
    public ICalibrator? Calibrator { get; }

    /// <summary>Probability of the positive class for a raw score, or null when the model is not calibrated.</summary>
    public double? Probability(double rawScore) => Calibrator?.PredictProbability((float)rawScore);

    /// <summary>The feature vectors of a batch, dense, row after row (rows × <see cref="SlotCount"/>).</summary>
    public float[] Encode(InputBatch batch)
    {
        var encoded = _encoder.Transform(new InputDataView(batch));
        var column = encoded.Schema[FeatureColumn];
        var result = new float[batch.RowCount * SlotCount];
        using var cursor = encoded.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var buffer = default(VBuffer<float>);
        var row = 0;
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            // One-hot slots make the vector sparse; copying densely fills the absent slots with 0, as the trees read them.
            buffer.CopyTo(result.AsSpan(row * SlotCount, SlotCount));
            row++;
        }
        return result;
    }

    /// <summary>The model's raw score (the margin before calibration) for every row of a batch.</summary>
    public float[] Score(InputBatch batch)
    {
        return _model.Transform(new InputDataView(batch)).GetColumn<float>("Score").ToArray();
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [transformer];

    private static (object Predictor, ICalibrator? Calibrator) Unwrap(object model)
    {
        if (model is not CalibratedModelParametersBase)
        {
            return (model, null);
        }
        // The calibrated model's type is generic over its sub-model and calibrator; rather than
        // guess the arguments, find that generic base and read its public properties.
        var type = model.GetType();
        while (type is not null && !(type.IsGenericType && type.GetGenericTypeDefinition() == typeof(CalibratedModelParametersBase<,>)))
        {
            type = type.BaseType;
        }
        if (type is null)
        {
            throw new NotSupportedException($"The calibrated model {model.GetType().Name} is of no known calibrated form.");
        }
        var flags = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly;
        var subModel = type.GetProperty("SubModel", flags)?.GetValue(model)
            ?? throw new NotSupportedException($"The calibrated model {type.Name} has no SubModel.");
        var calibrator = type.GetProperty("Calibrator", flags)?.GetValue(model) as ICalibrator
            ?? throw new NotSupportedException($"The calibrated model {type.Name} has no calibrator.");
        return (subModel, calibrator);
    }

    private static InputColumn[] InputsOf(DataViewSchema schema) => schema
        .Select(column => column.Type switch
        {
            NumberDataViewType { RawType: var raw } when raw == typeof(float) => new InputColumn(column.Name, FeatureEncoding.Numeric),
            TextDataViewType => new InputColumn(column.Name, FeatureEncoding.Category),
            _ => throw new NotSupportedException($"The model input '{column.Name}' is {column.Type}; Keel models take Single and Text inputs."),
        })
        .ToArray();
}
