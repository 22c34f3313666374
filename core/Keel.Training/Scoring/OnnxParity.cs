using Keel.Features.Offline;

namespace Keel.Training;

/// <summary>How far the ONNX export's outputs were from the ML.NET model's on the same rows.</summary>
public sealed record OnnxParityResult(double MaxAbsDiff, double MeanAbsDiff, int RowsCompared, string Output);

/// <summary>
/// Scores the same rows with the ML.NET model and its ONNX export and measures the largest
/// absolute difference (probabilities for binary, predictions for regression). A row where one
/// side gives a number and the other NaN counts as an infinite difference.
/// </summary>
public static class OnnxParity
{
    public static OnnxParityResult Measure(MlNetScorer mlNet, OnnxScorer onnx, FeatureFrame frame)
    {
        ArgumentNullException.ThrowIfNull(mlNet);
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentNullException.ThrowIfNull(frame);
        return Compare(mlNet.Score(frame), onnx.Score(frame), onnx.Output);
    }

    public static OnnxParityResult Compare(IReadOnlyList<float> mlNet, IReadOnlyList<float> onnx, string output)
    {
        if (mlNet.Count != onnx.Count)
        {
            throw new ArgumentException($"{mlNet.Count} ML.NET scores against {onnx.Count} ONNX scores.");
        }
        var max = 0.0;
        var sum = 0.0;
        for (var i = 0; i < mlNet.Count; i++)
        {
            var difference = float.IsNaN(mlNet[i]) && float.IsNaN(onnx[i]) ? 0
                : float.IsNaN(mlNet[i]) || float.IsNaN(onnx[i]) ? double.PositiveInfinity
                : Math.Abs((double)mlNet[i] - onnx[i]);
            max = Math.Max(max, difference);
            sum += difference;
        }
        return new OnnxParityResult(max, mlNet.Count == 0 ? 0 : sum / mlNet.Count, mlNet.Count, output);
    }
}
