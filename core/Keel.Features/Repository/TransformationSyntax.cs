using Keel.Features.Definitions;

namespace Keel.Features.Repository;

/// <summary>Parses the <c>kind(arg, arg)</c> form a repository file uses for transformations.</summary>
public static class TransformationSyntax
{
    public static TransformationSpec Parse(string text, string where)
    {
        var open = text.IndexOf('(');
        if (open <= 0 || !text.TrimEnd().EndsWith(')'))
        {
            throw new FeatureRepositoryException($"{where}: transform '{text}' is not of the form kind(arg, ...), e.g. ratio(Debt, Income).");
        }
        var kind = text[..open].Trim();
        var inner = text.TrimEnd()[(open + 1)..^1];
        var args = inner.Length == 0 ? [] : inner.Split(',', StringSplitOptions.TrimEntries);
        if (args.Any(a => a.Length == 0))
        {
            throw new FeatureRepositoryException($"{where}: transform '{text}' has an empty argument.");
        }
        return new TransformationSpec(kind, args);
    }
}
