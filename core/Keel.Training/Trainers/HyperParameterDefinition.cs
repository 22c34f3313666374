using System.Globalization;

namespace Keel.Training;

/// <summary>Whether a hyper-parameter is a whole number, a real number or one of a set of words.</summary>
public enum HyperParameterKind
{
    Integer,
    Real,
    Choice,
}

/// <summary>
/// One documented hyper-parameter of a trainer: its canonical name, the other names a spec may use,
/// what values it accepts and the default Keel sets when the spec leaves it out (null: the trainer decides).
/// </summary>
public sealed record HyperParameterDefinition
{
    public required string Name { get; init; }

    public required HyperParameterKind Kind { get; init; }

    public required string Description { get; init; }

    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The lowest accepted number (inclusive unless <see cref="MinExclusive"/>).</summary>
    public double Min { get; init; } = double.NegativeInfinity;

    public bool MinExclusive { get; init; }

    /// <summary>The highest accepted number (inclusive).</summary>
    public double Max { get; init; } = double.PositiveInfinity;

    /// <summary>The accepted words of a <see cref="HyperParameterKind.Choice"/>.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    public HyperParameterValue? Default { get; init; }

    /// <summary>Null when <paramref name="value"/> is acceptable; otherwise what is wrong with it.</summary>
    public string? Check(HyperParameterValue value)
    {
        if (Kind == HyperParameterKind.Choice)
        {
            return value.Text is { } word && Choices.Contains(word, StringComparer.Ordinal)
                ? null
                : $"'{value}' is not one of {string.Join(", ", Choices)}";
        }
        if (value.Number is not { } number)
        {
            return $"expected a number, got '{value.Text}'";
        }
        if (!double.IsFinite(number))
        {
            return $"{Format(number)} is not a finite number";
        }
        if (Kind == HyperParameterKind.Integer && number != Math.Floor(number))
        {
            return $"expected a whole number, got {Format(number)}";
        }
        var aboveMin = MinExclusive ? number > Min : number >= Min;
        return aboveMin && number <= Max ? null : $"{Format(number)} is out of range; expected {Range()}";
    }

    public string Range()
    {
        var low = double.IsNegativeInfinity(Min) ? "" : (MinExclusive ? "> " : "≥ ") + Format(Min);
        var high = double.IsPositiveInfinity(Max) ? "" : "≤ " + Format(Max);
        return (low, high) switch
        {
            ("", "") => "any number",
            (_, "") => low,
            ("", _) => high,
            _ => $"{low} and {high}",
        };
    }

    private static string Format(double number) => number.ToString("R", CultureInfo.InvariantCulture);
}
