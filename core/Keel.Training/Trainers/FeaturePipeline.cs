using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Keel.Training;

/// <summary>
/// The ML.NET transforms between the encoded inputs and the trainer's feature vector, so missing
/// values and categories are handled inside the model (and so inside its ONNX export), never in
/// code that serving would have to repeat. Internal column names start with "keel.", which no
/// feature name can (feature names are letters, digits and '_').
/// </summary>
internal static class FeaturePipeline
{
    public const string Features = "keel.features";
    private const string Numeric = "keel.numeric";
    private const string Missing = "keel.missing";
    private const string OneHotPrefix = "keel.onehot.";

    /// <param name="normalize">Scale the feature vector (linear models need it; trees do not).</param>
    public static IEstimator<ITransformer> Build(MLContext ml, EncodedBatch train, bool normalize)
    {
        var numeric = new List<string>();
        var withMissing = new List<string>();
        var categories = new List<string>();
        for (var i = 0; i < train.Inputs.Count; i++)
        {
            var input = train.Inputs[i];
            if (input.Encoding == FeatureEncoding.Numeric)
            {
                numeric.Add(input.Name);
                if (train.Numbers(i).Any(float.IsNaN))
                {
                    withMissing.Add(input.Name);
                }
            }
            else
            {
                categories.Add(input.Name);
            }
        }
        if (numeric.Count + categories.Count == 0)
        {
            throw new ArgumentException("The training set has no features besides the label.");
        }

        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        var parts = new List<string>();
        if (numeric.Count > 0)
        {
            // Missing numbers become the training mean of their column, slot by slot.
            pipeline = pipeline
                .Append(ml.Transforms.Concatenate(Numeric, [.. numeric]))
                .Append(ml.Transforms.ReplaceMissingValues(Numeric, replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean, imputeBySlot: true));
            parts.Add(Numeric);
        }
        if (withMissing.Count > 0)
        {
            // Being missing is often informative (no declared income), so those columns also get a 0/1 indicator.
            pipeline = pipeline
                .Append(ml.Transforms.Concatenate(Missing, [.. withMissing]))
                .Append(ml.Transforms.IndicateMissingValues(Missing))
                .Append(ml.Transforms.Conversion.ConvertType(Missing, outputKind: DataKind.Single));
            parts.Add(Missing);
        }
        if (categories.Count > 0)
        {
            // Keys in value order, so the encoding does not depend on row order; an unseen category is all zeros.
            var pairs = categories.Select(c => new InputOutputColumnPair(OneHotPrefix + c, c)).ToArray();
            pipeline = pipeline.Append(ml.Transforms.Categorical.OneHotEncoding(pairs, keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue));
            parts.AddRange(pairs.Select(p => p.OutputColumnName));
        }
        pipeline = pipeline.Append(ml.Transforms.Concatenate(Features, [.. parts]));
        if (normalize)
        {
            pipeline = pipeline.Append(ml.Transforms.NormalizeMinMax(Features));
        }
        return pipeline;
    }
}
