using System.Net;
using System.Text.Json;
using Keel.Events;
using Keel.Hardening.Names;
using Keel.Hardening.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Keel.Hardening.Tests.Names;

public class ResourceNamesTests
{
    public static TheoryData<string, string> Valid => new()
    {
        { nameof(ResourceKind.Tenant), "acme" },
        { nameof(ResourceKind.Tenant), "tenant-42" },
        { nameof(ResourceKind.Model), "credit-risk.v2_final" },
        { nameof(ResourceKind.ModelAlias), "champion" },
        { nameof(ResourceKind.FeatureView), "customer_profile" },
        { nameof(ResourceKind.FeatureService), "Scoring" },
        { nameof(ResourceKind.Dataset), "loans" },
        { nameof(ResourceKind.Experiment), "credit scoring 2025" },
        { nameof(ResourceKind.RunId), "0193f5a2c4e07b1c9a3e5f7d2b4c6e8a" },
        { nameof(ResourceKind.WorkflowInstanceId), "retrain-credit.2025_01" },
    };

    public static TheoryData<string, string> Invalid => new()
    {
        { nameof(ResourceKind.Tenant), "Acme" },
        { nameof(ResourceKind.Tenant), "acme\n" },
        { nameof(ResourceKind.Tenant), "-acme" },
        { nameof(ResourceKind.Tenant), new string('a', 64) },
        { nameof(ResourceKind.Model), "../credit" },
        { nameof(ResourceKind.Model), "credit/risk" },
        { nameof(ResourceKind.Model), ".credit" },
        { nameof(ResourceKind.Model), new string('m', 129) },
        { nameof(ResourceKind.ModelAlias), "Champion" },
        { nameof(ResourceKind.FeatureView), "1view" },
        { nameof(ResourceKind.FeatureView), "customer-profile" },
        { nameof(ResourceKind.FeatureService), "scoring;drop" },
        { nameof(ResourceKind.Dataset), "loans.csv" },
        { nameof(ResourceKind.Experiment), "a/b" },
        { nameof(ResourceKind.Experiment), " leading space" },
        { nameof(ResourceKind.RunId), "0193F5A2C4E07B1C9A3E5F7D2B4C6E8A" },
        { nameof(ResourceKind.RunId), "0193f5a2-c4e0-7b1c-9a3e-5f7d2b4c6e8a" },
        { nameof(ResourceKind.WorkflowInstanceId), "retrain credit" },
        { nameof(ResourceKind.WorkflowInstanceId), "" },
    };

    private static ResourceKind Kind(string name) => (ResourceKind)typeof(ResourceKind).GetField(name)!.GetValue(null)!;

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_names_are_accepted(string kind, string value)
    {
        Assert.True(ResourceNames.IsValid(Kind(kind), value));
        Assert.Equal(value, ResourceNames.Require(Kind(kind), value));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_names_are_refused_with_the_rule_and_pattern(string kind, string value)
    {
        var error = Assert.Throws<InvalidResourceNameException>(() => ResourceNames.Require(Kind(kind), value, "name"));

        Assert.Equal("name", error.ParamName);
        Assert.Contains(Kind(kind).Pattern, error.Message);
        Assert.Contains(Kind(kind).Rule, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Every_kind_is_listed_once_with_a_pattern_anchored_at_both_ends()
    {
        var fields = typeof(ResourceKind).GetFields().Where(f => f.FieldType == typeof(ResourceKind)).Select(f => f.GetValue(null)).ToList();

        Assert.Equal(fields.Count, ResourceKind.All.Count);
        Assert.All(ResourceKind.All, k => Assert.Matches(@"^\^.*\$$", k.Pattern));
    }

    [Theory]
    [InlineData("acme")]
    [InlineData("default")]
    [InlineData("a")]
    [InlineData("Acme")]
    [InlineData("acme_corp")]
    [InlineData("-x")]
    [InlineData("x-")]
    [InlineData("")]
    public void The_tenant_pattern_is_the_one_events_are_checked_with(string tenant)
    {
        Assert.Equal(TenantName.IsValid(tenant), ResourceNames.IsValid(ResourceKind.Tenant, tenant));
    }

    [Fact]
    public async Task An_endpoint_refuses_an_invalid_route_name_with_400_naming_the_pattern()
    {
        await using var app = await TestApp.StartAsync(
            builder => builder.Services.AddKeelProblemDetails(),
            app =>
            {
                app.UseKeelProblemDetails();
                app.MapGet("/models/{model}", (string model) => Results.Ok(model)).RequireResourceName("model", ResourceKind.Model);
            });

        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/models/credit-risk")).StatusCode);

        var response = await app.Client.GetAsync("/models/credit%2F..%2Frisk");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ProblemTypes.InvalidName, problem.RootElement.GetProperty("type").GetString());
        Assert.Contains(ResourceKind.Model.Pattern, problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(ResourceKind.Model.Pattern, problem.RootElement.GetProperty("pattern").GetString());
    }
}
