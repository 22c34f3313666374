namespace Keel.Gates;

/// <summary>How far the exported ONNX model's outputs were from the trained model's on the same rows.</summary>
public sealed record OnnxParityMeasurement(double MaxAbsDifference, int RowsCompared);
