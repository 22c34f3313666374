using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Keel.Secrets;

/// <summary>
/// The secret values this process knows, so that logs and error responses can replace them with
/// <see cref="Mask"/>. A value is also matched in the forms it takes when it is put in a URL, in
/// JSON or in base64. It only grows: a value rotated away is still worth hiding.
/// </summary>
public sealed class SecretRegistry
{
    public const string Mask = "***";

    /// <summary>
    /// Shorter values are not registered: masking every "abc" in every log line would make logs
    /// unreadable, and a value that short is guessable anyway.
    /// </summary>
    public const int MinimumLength = 4;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private volatile Patterns _patterns = Patterns.Empty;

    public bool IsEmpty => _patterns.Forms.Length == 0;

    /// <summary>How many distinct values are registered (not counting their encoded forms).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _values.Count;
            }
        }
    }

    /// <summary>Registers a value; returns false when it was already known or is too short to mask.</summary>
    public bool Register(string? value)
    {
        if (value is null || value.Trim().Length < MinimumLength)
        {
            return false;
        }
        lock (_gate)
        {
            if (!_values.Add(value))
            {
                return false;
            }
            _patterns = Patterns.Create(_values.SelectMany(FormsOf));
            return true;
        }
    }

    public bool Contains(ReadOnlySpan<char> text)
    {
        var patterns = _patterns;
        return patterns.Forms.Length > 0 && text.IndexOfAny(patterns.Search) >= 0;
    }

    /// <summary>The text with every registered value (in any of its forms) replaced by <see cref="Mask"/>.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var patterns = _patterns;
        if (patterns.Forms.Length == 0)
        {
            return text;
        }
        var span = text.AsSpan();
        var first = span.IndexOfAny(patterns.Search);
        if (first < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        while (first >= 0)
        {
            result.Append(span[..first]);
            // Forms are longest first, so a secret containing another is masked whole.
            var rest = span[first..];
            var length = 1;
            foreach (var form in patterns.Forms)
            {
                if (rest.StartsWith(form, StringComparison.Ordinal))
                {
                    length = form.Length;
                    break;
                }
            }
            result.Append(Mask);
            span = rest[length..];
            first = span.IndexOfAny(patterns.Search);
        }
        result.Append(span);
        return result.ToString();
    }

    private static IEnumerable<string> FormsOf(string value)
    {
        yield return value;
        if (value.Trim() is var trimmed && trimmed != value)
        {
            yield return trimmed;
        }
        yield return Uri.EscapeDataString(value);
        yield return JsonEncodedText.Encode(value).ToString();
        yield return JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
        // Unpadded, so the value is found whether or not padding follows it.
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).TrimEnd('=');
    }

    private sealed class Patterns
    {
        public static readonly Patterns Empty = new([]);

        private Patterns(string[] forms)
        {
            Forms = forms;
            Search = SearchValues.Create(forms, StringComparison.Ordinal);
        }

        public string[] Forms { get; }

        public SearchValues<string> Search { get; }

        public static Patterns Create(IEnumerable<string> forms) =>
            new(forms.Where(f => f.Length >= MinimumLength).Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length).ToArray());
    }
}
