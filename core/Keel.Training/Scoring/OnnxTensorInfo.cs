namespace Keel.Training;

/// <summary>One input of an ONNX model as its session reports it: name, element type (<c>float</c>, <c>string</c>) and shape (-1 for the batch dimension).</summary>
public sealed record OnnxTensorInfo(string Name, string ElementType, IReadOnlyList<long> Shape);
