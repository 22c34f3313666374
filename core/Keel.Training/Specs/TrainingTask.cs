namespace Keel.Training;

/// <summary>What a model learns: the probability of a positive class, or a number.</summary>
public enum TrainingTask
{
    Binary,
    Regression,
}

/// <summary>The names a training spec uses for each <see cref="TrainingTask"/>.</summary>
public static class TrainingTasks
{
    public static string Name(this TrainingTask task) => task switch
    {
        TrainingTask.Binary => "binary",
        TrainingTask.Regression => "regression",
        _ => throw new ArgumentOutOfRangeException(nameof(task)),
    };

    public static bool TryParse(string? name, out TrainingTask task)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "binary" or "binary_classification" or "classification": task = TrainingTask.Binary; return true;
            case "regression": task = TrainingTask.Regression; return true;
            default: task = default; return false;
        }
    }
}
