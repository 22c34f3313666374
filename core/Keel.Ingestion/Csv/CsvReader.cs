using System.Text;

namespace Keel.Ingestion.Csv;

/// <summary>
/// A streaming RFC 4180 reader: quoted fields may hold commas, quotes ("" inside quotes) and
/// line breaks. An empty unquoted field is a missing value (null); a quoted empty field is "".
/// </summary>
public sealed class CsvReader(TextReader reader, char separator = ',')
{
    private readonly StringBuilder _field = new();

    /// <summary>The 1-based line the last returned record started on, for error messages.</summary>
    public long LineNumber { get; private set; }

    private long _line = 1;

    public static IEnumerable<string?[]> ReadAll(string path)
    {
        using var stream = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var csv = new CsvReader(stream);
        while (csv.Read() is { } record)
        {
            yield return record;
        }
    }

    /// <summary>The next record, or null at the end of the input.</summary>
    public string?[]? Read()
    {
        var fields = new List<string?>();
        LineNumber = _line;
        var c = reader.Read();
        if (c < 0)
        {
            return null;
        }
        while (true)
        {
            _field.Clear();
            var quoted = false;
            if (c == '"')
            {
                quoted = true;
                while (true)
                {
                    c = reader.Read();
                    if (c < 0)
                    {
                        throw new FormatException($"line {LineNumber}: a quoted field is not closed");
                    }
                    if (c == '"')
                    {
                        if (reader.Peek() == '"')
                        {
                            reader.Read();
                            _field.Append('"');
                            continue;
                        }
                        c = reader.Read();
                        break;
                    }
                    if (c == '\n')
                    {
                        _line++;
                    }
                    _field.Append((char)c);
                }
            }
            else
            {
                while (c >= 0 && c != separator && c != '\n' && c != '\r')
                {
                    _field.Append((char)c);
                    c = reader.Read();
                }
            }
            fields.Add(quoted ? _field.ToString() : _field.Length == 0 ? null : _field.ToString());

            if (c == separator)
            {
                c = reader.Read();
                continue;
            }
            if (c == '\r' && reader.Peek() == '\n')
            {
                reader.Read();
            }
            if (c is '\r' or '\n')
            {
                _line++;
            }
            else if (c >= 0)
            {
                throw new FormatException($"line {LineNumber}: unexpected character '{(char)c}' after a quoted field");
            }
            return fields.ToArray();
        }
    }
}
