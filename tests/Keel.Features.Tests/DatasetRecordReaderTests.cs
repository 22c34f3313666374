using System.Text.Json;
using Keel.Features.Records;

namespace Keel.Features.Tests;

public class DatasetRecordReaderTests
{
    private static (Dictionary<string, object?> Values, List<Keel.Events.EventProblem> Problems) Read(string json) =>
        DatasetRecordReader.Read(SampleRepository.Dataset, JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Valid_values_are_typed_and_missing_nullables_are_null()
    {
        var (values, problems) = Read("""{"loan_id":"L1","amount":12.5,"age":40,"defaulted":false}""");

        Assert.Empty(problems);
        Assert.Equal(12.5, values["amount"]);
        Assert.Equal(40L, values["age"]);
        Assert.Null(values["income"]);
        Assert.Equal(false, values["defaulted"]);
    }

    [Fact]
    public void Every_violation_is_named_by_its_field()
    {
        var (_, problems) = Read("""{"loan_id":"L1","amount":"lots","age":40.5,"defaulted":null,"color":"red"}""");

        Assert.Contains(problems, p => p.Field == "data/values/amount" && p.Message.Contains("number"));
        Assert.Contains(problems, p => p.Field == "data/values/age" && p.Message.Contains("int64"));
        Assert.Contains(problems, p => p.Field == "data/values/defaulted" && p.Message.Contains("not nullable"));
        Assert.Contains(problems, p => p.Field == "data/values/color" && p.Message.Contains("not a column"));
        Assert.Equal(4, problems.Count);
    }
}
