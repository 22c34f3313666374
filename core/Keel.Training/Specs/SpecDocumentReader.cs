using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Keel.Training;

/// <summary>Reads YAML or JSON text into a <see cref="SpecNode"/> tree, reporting syntax errors with their line.</summary>
internal static partial class SpecDocumentReader
{
    /// <summary>JSON when the origin is a .json file, YAML when it is .yaml/.yml, else JSON when the text is an object.</summary>
    public static bool LooksLikeJson(string text, string origin)
    {
        var extension = Path.GetExtension(origin).ToLowerInvariant();
        if (extension == ".json")
        {
            return true;
        }
        if (extension is ".yaml" or ".yml")
        {
            return false;
        }
        return text.TrimStart().StartsWith('{');
    }

    public static SpecNode ReadJson(string text, string origin)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            return FromJson(document.RootElement, origin, "");
        }
        catch (JsonException ex)
        {
            throw new TrainingSpecException(origin, "", (int?)ex.LineNumber + 1, $"not valid JSON: {ex.Message}");
        }
    }

    public static SpecNode ReadYaml(string text, string origin)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new TrainingSpecException(origin, "", (int)ex.Start.Line, $"not valid YAML: {ex.InnerException?.Message ?? ex.Message}");
        }
        if (stream.Documents.Count == 0)
        {
            throw new TrainingSpecException(origin, "", null, "the spec is empty");
        }
        if (stream.Documents.Count > 1)
        {
            throw new TrainingSpecException(origin, "", (int)stream.Documents[1].RootNode.Start.Line, "holds more than one YAML document; a spec is one document");
        }
        return FromYaml(stream.Documents[0].RootNode, origin, "");
    }

    private static SpecNode FromJson(JsonElement element, string origin, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var entries = new List<KeyValuePair<string, SpecNode>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var childPath = Join(path, property.Name);
                    if (!seen.Add(property.Name))
                    {
                        throw new TrainingSpecException(origin, childPath, null, "is given twice");
                    }
                    entries.Add(new(property.Name, FromJson(property.Value, origin, childPath)));
                }
                return new SpecMap(entries, null);
            case JsonValueKind.Array:
                return new SpecList(element.EnumerateArray().Select((item, i) => FromJson(item, origin, $"{path}[{i}]")).ToArray(), null);
            case JsonValueKind.String:
                return new SpecScalar(element.GetString()!, element.GetString()!, null);
            case JsonValueKind.Number:
                return new SpecScalar(element.GetDouble(), element.GetRawText(), null);
            case JsonValueKind.True or JsonValueKind.False:
                return new SpecScalar(element.GetBoolean(), element.GetRawText(), null);
            default:
                return new SpecScalar(null, "null", null);
        }
    }

    private static SpecNode FromYaml(YamlNode node, string origin, string path)
    {
        var line = (int)node.Start.Line;
        switch (node)
        {
            case YamlMappingNode map:
                var entries = new List<KeyValuePair<string, SpecNode>>();
                foreach (var (keyNode, valueNode) in map.Children)
                {
                    if (keyNode is not YamlScalarNode { Value: { } key })
                    {
                        throw new TrainingSpecException(origin, path, (int)keyNode.Start.Line, "map keys must be plain words");
                    }
                    entries.Add(new(key, FromYaml(valueNode, origin, Join(path, key))));
                }
                return new SpecMap(entries, line);
            case YamlSequenceNode list:
                return new SpecList(list.Children.Select((item, i) => FromYaml(item, origin, $"{path}[{i}]")).ToArray(), line);
            case YamlScalarNode scalar:
                return Scalar(scalar, line);
            default:
                throw new TrainingSpecException(origin, path, line, $"unsupported YAML node {node.NodeType}");
        }
    }

    // YAML 1.2 core schema for plain (unquoted) scalars: null, true/false and numbers are typed,
    // everything else — and anything quoted — is a string.
    private static SpecScalar Scalar(YamlScalarNode scalar, int line)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return new SpecScalar(text, text, line);
        }
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return new SpecScalar(null, text, line);
        }
        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return new SpecScalar(text.Equals("true", StringComparison.OrdinalIgnoreCase), text, line);
        }
        if (Number().IsMatch(text))
        {
            return new SpecScalar(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), text, line);
        }
        return new SpecScalar(text, text, line);
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Number();
}
