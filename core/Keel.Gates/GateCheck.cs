using System.Globalization;

namespace Keel.Gates;

/// <summary>
/// One measured value held against one threshold (AUC ≥ 0.7, Age's disparate impact ≥ 0.8), or a
/// yes/no check with no number (a feature missing from the model), with a sentence saying what was found.
/// </summary>
public sealed record GateCheck
{
    /// <summary>What was checked, in settings' terms: <c>auc</c>, <c>disparate_impact</c>, <c>type</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The attribute, feature or metric the check is about, when it is about one.</summary>
    public string? Subject { get; init; }

    public double? Measured { get; init; }

    public double? Threshold { get; init; }

    public Comparison? Comparison { get; init; }

    public required GateVerdict Verdict { get; init; }

    public required string Message { get; init; }

    /// <summary>A pass or fail from comparing <paramref name="measured"/> with <paramref name="threshold"/>; the message is written for either outcome.</summary>
    public static GateCheck Compare(string name, string? subject, double measured, Comparison comparison, double threshold, string what)
    {
        var passed = comparison == Gates.Comparison.AtLeast ? measured >= threshold : measured <= threshold;
        var sign = (comparison, passed) switch
        {
            (Gates.Comparison.AtLeast, true) => "≥",
            (Gates.Comparison.AtLeast, false) => "<",
            (Gates.Comparison.AtMost, true) => "≤",
            _ => ">",
        };
        var bound = comparison == Gates.Comparison.AtLeast ? "minimum" : "maximum";
        return new GateCheck
        {
            Name = name,
            Subject = subject,
            Measured = measured,
            Threshold = threshold,
            Comparison = comparison,
            Verdict = passed ? GateVerdict.Pass : GateVerdict.Fail,
            Message = $"{what} {Format(measured)} {sign} {Format(threshold)} ({bound})",
        };
    }

    public static GateCheck Skip(string name, string? subject, string reason) =>
        new() { Name = name, Subject = subject, Verdict = GateVerdict.Skipped, Message = reason };

    public static GateCheck Fail(string name, string? subject, string message) =>
        new() { Name = name, Subject = subject, Verdict = GateVerdict.Fail, Message = message };

    public static GateCheck Pass(string name, string? subject, string message) =>
        new() { Name = name, Subject = subject, Verdict = GateVerdict.Pass, Message = message };

    /// <summary>Numbers as reports print them: up to four significant decimals, invariant culture.</summary>
    public static string Format(double value) =>
        Math.Abs(value) is > 0 and < 1e-3 ? value.ToString("0.###E+0", CultureInfo.InvariantCulture) : value.ToString("0.####", CultureInfo.InvariantCulture);
}
