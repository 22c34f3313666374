using Keel.Training;

namespace Keel.Metering.Tests;

/// <summary>The training spec's optional <c>resources</c> section, which training is charged by.</summary>
public sealed class TrainingSpecResourcesTests
{
    private const string Base = """
        name: credit_risk
        feature_service: credit_model
        label: Status
        tags: {team: risk, cost_centre: "4711"}
        """;

    [Fact]
    public void Resources_are_read_with_defaults_for_what_is_left_out()
    {
        var spec = TrainingSpecFile.Parse(Base + "\nresources: {cores: 4, gpus: 1, gpu_type: a100}\n", "spec.yaml");
        Assert.Equal(new ResourceRequest { Cores = 4, MemoryGb = ResourceRequest.DefaultMemoryGb, Gpus = 1, GpuType = "a100" }, spec.Resources);
        Assert.Equal(ResourceRequest.Default, TrainingSpecFile.Parse(Base, "spec.yaml").Resources);
    }

    [Fact]
    public void A_spec_without_resources_keeps_its_hash_and_one_with_them_round_trips()
    {
        var plain = TrainingSpecFile.Parse(Base, "spec.yaml");
        var defaults = TrainingSpecFile.Parse(Base + "\nresources: {cores: 1, memory_gb: 2}\n", "spec.yaml");
        Assert.Equal(plain.Hash, defaults.Hash);
        Assert.DoesNotContain("resources", TrainingSpecFile.ToJson(plain), StringComparison.Ordinal);

        var sized = TrainingSpecFile.Parse(Base + "\nresources: {cores: 8, memory_gb: 32.5, gpus: 2, gpu_type: t4}\n", "spec.yaml");
        Assert.NotEqual(plain.Hash, sized.Hash);
        var again = TrainingSpecFile.Parse(TrainingSpecFile.ToJson(sized), "spec.json");
        Assert.Equal(sized.Resources, again.Resources);
        Assert.Equal(sized.Hash, again.Hash);
    }

    [Theory]
    [InlineData("resources: {cores: 0}", "resources.cores")]
    [InlineData("resources: {memory_gb: -1}", "resources.memory_gb")]
    [InlineData("resources: {gpus: 2}", "resources.gpu_type")]
    [InlineData("resources: {gpu_type: a100}", "resources.gpu_type")]
    [InlineData("resources: {gpus: -1, gpu_type: a100}", "resources.gpus")]
    [InlineData("resources: {cpus: 4}", "resources.cpus")]
    public void Resources_that_cannot_be_charged_are_refused_naming_the_field(string section, string field)
    {
        var error = Assert.Throws<TrainingSpecException>(() => TrainingSpecFile.Parse(Base + "\n" + section + "\n", "spec.yaml"));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }
}
