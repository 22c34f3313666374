namespace Keel.Training;

/// <summary>
/// The ML.NET columns a trained model predicts into, and the names the ONNX export gives them:
/// a binary model's probability of the positive class, a regression model's predicted value.
/// </summary>
internal static class ScoreColumns
{
    public const string Probability = "Probability";
    public const string Score = "Score";
    public const string PredictedLabel = "PredictedLabel";
    public const string OnnxSuffix = ".output";

    public static string For(TrainingTask task) => task == TrainingTask.Binary ? Probability : Score;
}
