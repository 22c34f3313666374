using System.Reflection;

namespace Keel.Cli.Platform;

/// <summary>
/// The credit sample (data/credit_data.csv and its feature repository), built into the CLI so
/// that <c>keel demo</c> runs from any directory. The files in data/ are the source.
/// </summary>
public static class SampleData
{
    public const string CsvName = "credit_data.csv";
    public const string RepositoryName = "feature_repo.yaml";
    public const string TrainingSpecName = "training.yaml";

    /// <summary>
    /// Writes the sample into a folder and returns the paths of the CSV and the repository folder;
    /// the training spec is written into the repository folder as training.yaml.
    /// </summary>
    public static (string Csv, string Repository) Extract(string folder)
    {
        Directory.CreateDirectory(folder);
        var csv = Path.Combine(folder, CsvName);
        var repository = Path.Combine(folder, "credit");
        Directory.CreateDirectory(repository);
        Copy("Keel.Sample." + CsvName, csv);
        Copy("Keel.Sample." + RepositoryName, Path.Combine(repository, RepositoryName));
        Copy("Keel.Sample." + TrainingSpecName, Path.Combine(repository, TrainingSpecName));
        return (csv, repository);
    }

    private static void Copy(string resource, string path)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The sample resource {resource} is missing from the keel assembly.");
        using var file = File.Create(path);
        stream.CopyTo(file);
    }
}
