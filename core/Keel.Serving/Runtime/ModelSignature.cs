using Keel.Serving.Protocol;
using Microsoft.ML.OnnxRuntime;

namespace Keel.Serving.Runtime;

/// <summary>A tensor of a model: name, v2 datatype, .NET element type and shape (-1 for a free dimension).</summary>
public sealed record TensorSpec(string Name, string Datatype, Type ElementType, IReadOnlyList<long> Shape)
{
    public string ShapeText => TensorReader.Describe(Shape);

    public TensorMetadata ToMetadata() => new(Name, Datatype, Shape);
}

/// <summary>
/// What a loaded model takes and gives. A Keel model's ONNX export echoes every input and
/// intermediate column as an output; only its predictions (PredictedLabel, Score, Probability)
/// are served. A model from elsewhere serves all its outputs.
/// </summary>
public sealed class ModelSignature
{
    private static readonly string[] KeelOutputs = ["PredictedLabel.output", "Score.output", "Probability.output"];

    private ModelSignature(IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs)
    {
        Inputs = inputs;
        Outputs = outputs;
        InputNames = string.Join(", ", inputs.Select(i => "'" + i.Name + "'"));
        InputNameArray = inputs.Select(i => i.Name).ToArray();
        OutputNameArray = outputs.Select(o => o.Name).ToArray();
        // Requests are concatenated along the first dimension, so every tensor needs it free and the others fixed.
        Batchable = inputs.All(t => t.Shape.Count > 0 && t.Shape[0] < 0 && t.Shape.Skip(1).All(d => d >= 0))
            && outputs.All(t => t.Shape.Count > 0 && t.Shape[0] < 0);
        ScoreOutput = outputs.FirstOrDefault(o => o.Name == "Probability.output")?.Name
            ?? outputs.FirstOrDefault(o => o.Name == "Score.output")?.Name;
    }

    public IReadOnlyList<TensorSpec> Inputs { get; }

    public IReadOnlyList<TensorSpec> Outputs { get; }

    /// <summary>Whether requests can share a session run (every tensor's first dimension is free).</summary>
    public bool Batchable { get; }

    /// <summary>The output a feature-record score is read from: Probability (binary) or Score (regression); null for a model from elsewhere.</summary>
    public string? ScoreOutput { get; }

    internal string InputNames { get; }

    // Built once: every session run passes them, and building them per run was garbage per request.
    internal string[] InputNameArray { get; }

    internal string[] OutputNameArray { get; }

    public TensorSpec? Input(string name) => Inputs.FirstOrDefault(i => i.Name == name);

    public TensorSpec? Output(string name) => Outputs.FirstOrDefault(o => o.Name == name);

    internal static ModelSignature Of(InferenceSession session)
    {
        var inputs = session.InputNames.Select(name => Spec(name, session.InputMetadata[name])).ToArray();
        // An output Keel cannot serve (a map, a sequence, FP16) is left out rather than refusing the model.
        var outputs = session.OutputNames.Where(name => Servable(session.OutputMetadata[name])).Select(name => Spec(name, session.OutputMetadata[name])).ToArray();
        var keel = outputs.Where(o => KeelOutputs.Contains(o.Name)).ToArray();
        return new ModelSignature(inputs, keel.Any(o => o.Name != "PredictedLabel.output") ? keel : outputs);
    }

    private static bool Servable(NodeMetadata metadata) => metadata.IsTensor && DataTypes.NameOf(metadata.ElementType) is not null;

    private static TensorSpec Spec(string name, NodeMetadata metadata)
    {
        if (!metadata.IsTensor)
        {
            throw new NotSupportedException($"The ONNX tensor '{name}' is a {metadata.OnnxValueType}; Keel serves tensors only.");
        }
        var datatype = DataTypes.NameOf(metadata.ElementType)
            ?? throw new NotSupportedException($"The ONNX tensor '{name}' holds {metadata.ElementType.Name}; Keel serves FP32, FP64, INT64, INT32, BOOL and BYTES.");
        return new TensorSpec(name, datatype, metadata.ElementType, metadata.Dimensions.Select(d => (long)d).ToArray());
    }
}
