using System.Text.RegularExpressions;

namespace Keel.Features.Repository;

/// <summary>Object and feature names become file paths, Redis keys, SQL identifiers and column names, so they are restricted.</summary>
public static partial class Names
{
    public const string Rule = "letters, digits and '_', starting with a letter, at most 63 characters";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>Turns an arbitrary column header into a valid name (<c>"Loan amount (€)"</c> → <c>Loan_amount</c>).</summary>
    public static string Sanitize(string raw)
    {
        var cleaned = Invalid().Replace(raw.Trim(), "_").Trim('_');
        if (cleaned.Length == 0 || !char.IsLetter(cleaned[0]))
        {
            cleaned = "c_" + cleaned;
        }
        return cleaned.Length > 63 ? cleaned[..63] : cleaned;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]{0,62}\z")]
    private static partial Regex Pattern();

    [GeneratedRegex("[^A-Za-z0-9_]+")]
    private static partial Regex Invalid();
}
