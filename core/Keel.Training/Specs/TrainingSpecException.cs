namespace Keel.Training;

/// <summary>
/// A training spec that cannot be read or does not hang together. The message names the file,
/// the field (<c>search.space.num_leaves</c>) and, for YAML, the line.
/// </summary>
public sealed class TrainingSpecException : Exception
{
    public TrainingSpecException(string origin, string field, int? line, string problem)
        : base(Format(origin, field, line, problem))
    {
        Origin = origin;
        Field = field;
        Line = line;
        Problem = problem;
    }

    public string Origin { get; }

    /// <summary>The dotted path of the field at fault; empty for the document as a whole.</summary>
    public string Field { get; }

    public int? Line { get; }

    public string Problem { get; }

    private static string Format(string origin, string field, int? line, string problem)
    {
        var where = field.Length == 0 ? "" : $" field '{field}'";
        var at = line is { } l ? $" (line {l})" : "";
        return $"{origin}:{where}{at}: {problem}";
    }
}
