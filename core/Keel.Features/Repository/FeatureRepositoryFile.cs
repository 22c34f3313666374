using Keel.Features.Definitions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Keel.Features.Repository;

/// <summary>
/// The editable YAML form of a feature repository (<c>feature_repo.yaml</c> in a folder).
/// People edit it by hand, so reading reports the line of a mistake and writing keeps a
/// stable, readable layout.
/// </summary>
public static class FeatureRepositoryFile
{
    public const string FileName = "feature_repo.yaml";

    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    private static readonly ISerializer Writer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .Build();

    /// <summary>Reads a repository from a folder (or the YAML file itself).</summary>
    public static FeatureRepository Load(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        if (!File.Exists(file))
        {
            throw new FeatureRepositoryException($"No feature repository at '{file}'. Create one with 'keel init --csv <file> ...'.");
        }
        return Parse(File.ReadAllText(file), file);
    }

    public static FeatureRepository Parse(string yaml, string origin = "feature repository")
    {
        RepositoryDocument document;
        try
        {
            document = Reader.Deserialize<RepositoryDocument>(yaml)
                ?? throw new FeatureRepositoryException($"{origin} is empty.");
        }
        catch (YamlException ex)
        {
            throw new FeatureRepositoryException($"{origin}, line {ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}");
        }
        return document.ToRepository(origin);
    }

    public static void Save(FeatureRepository repository, string folder, string? header = null)
    {
        Directory.CreateDirectory(folder);
        var text = (header is null ? "" : string.Join('\n', header.Split('\n').Select(l => "# " + l)) + "\n") + Serialize(repository);
        File.WriteAllText(Path.Combine(folder, FileName), text);
    }

    public static string Serialize(FeatureRepository repository) => Writer.Serialize(RepositoryDocument.From(repository));
}

/// <summary>A repository file that cannot be read or does not hang together.</summary>
public sealed class FeatureRepositoryException(string message) : Exception(message);
