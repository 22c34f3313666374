using Keel.Ingestion.Csv;

namespace Keel.Ingestion.Tests;

public class CsvReaderTests
{
    private static List<string?[]> Parse(string text)
    {
        var reader = new CsvReader(new StringReader(text));
        var rows = new List<string?[]>();
        while (reader.Read() is { } row)
        {
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public void Quoted_fields_hold_separators_quotes_and_line_breaks()
    {
        var rows = Parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n");

        Assert.Equal(2, rows.Count);
        Assert.Equal(new string?[] { "x, y", "say \"hi\"", "two\nlines" }, rows[1]);
    }

    [Fact]
    public void An_empty_unquoted_field_is_missing_and_a_quoted_one_is_empty()
    {
        var rows = Parse("a,b,c\n,\"\",3");

        Assert.Equal(new string?[] { null, "", "3" }, rows[1]);
    }

    [Fact]
    public void An_unclosed_quote_is_reported_with_its_line()
    {
        var error = Assert.Throws<FormatException>(() => Parse("a,b\n1,2\n\"open,3\n"));

        Assert.Contains("line 3", error.Message);
    }
}
