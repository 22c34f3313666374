using Keel.Features.Definitions;
using Keel.Features.Repository;

namespace Keel.Features.Tests;

public class RepositoryFileTests
{
    [Fact]
    public void A_repository_survives_a_round_trip_through_yaml()
    {
        var repository = SampleRepository.Create();

        var again = FeatureRepositoryFile.Parse(FeatureRepositoryFile.Serialize(repository));

        Assert.Equal(DefinitionVersions.Of(repository), DefinitionVersions.Of(again));
        Assert.Equal(TimeSpan.FromDays(30), again.FeatureViews[0].Ttl);
        Assert.Equal(new TransformationSpec("ratio", ["amount", "income"]), again.FeatureViews[0].Features[4].Transform);
    }

    [Fact]
    public void The_yaml_uses_the_documented_keys()
    {
        var yaml = FeatureRepositoryFile.Serialize(SampleRepository.Create());

        Assert.Contains("feature_views:", yaml);
        Assert.Contains("transform: ratio(amount, income)", yaml);
        Assert.Contains("ttl: 30d", yaml);
        Assert.Contains("label_view: loan_labels", yaml);
    }

    [Fact]
    public void A_wrong_type_names_the_feature()
    {
        var yaml = FeatureRepositoryFile.Serialize(SampleRepository.Create()).Replace("type: int64", "type: integer-ish");

        var error = Assert.Throws<FeatureRepositoryException>(() => FeatureRepositoryFile.Parse(yaml, "repo.yaml"));

        Assert.Contains("repo.yaml", error.Message);
        Assert.Contains("integer-ish", error.Message);
    }

    [Fact]
    public void Broken_yaml_reports_the_line()
    {
        var error = Assert.Throws<FeatureRepositoryException>(() => FeatureRepositoryFile.Parse("project: x\ndataset: [\n", "repo.yaml"));

        Assert.Contains("line", error.Message);
    }

    [Theory]
    [InlineData("90d", 90 * 24 * 3600)]
    [InlineData("12h", 12 * 3600)]
    [InlineData("30m", 30 * 60)]
    [InlineData("45s", 45)]
    public void Durations_parse_and_format(string text, int seconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
        Assert.Equal(text, Durations.Format(duration));
    }

    [Fact]
    public void Load_from_a_folder_reads_feature_repo_yaml()
    {
        using var dir = new TempDir();
        FeatureRepositoryFile.Save(SampleRepository.Create(), dir.Path, "written by a test");

        var loaded = FeatureRepositoryFile.Load(dir.Path);

        Assert.Equal("loans", loaded.Project);
        Assert.StartsWith("# written by a test", File.ReadAllText(dir.File(FeatureRepositoryFile.FileName)));
    }
}
