using System.Text.Json;

namespace Keel.Serving.Deployments.Tests;

public class PlanValidationTests
{
    [Fact]
    public void A_valid_plan_has_no_errors()
    {
        Assert.Empty(DeploymentPlanValidator.Validate(Plans.Canary(10, RoutingMode.Sticky, Plans.Shadow(25))));
    }

    [Fact]
    public void Weights_that_do_not_sum_to_100_are_rejected_naming_the_field_and_the_sum()
    {
        var plan = Plans.Canary(10) with { Variants = [new("stable", 1, 80), new("canary", 2, 10, VariantRole.Canary)] };

        var error = Assert.Single(DeploymentPlanValidator.Validate(plan));

        Assert.Equal("variants[].weight", error.Field);
        Assert.Contains("sum to 90", error.Message);
    }

    [Fact]
    public void Shadow_weights_do_not_count_towards_the_100()
    {
        var plan = Plans.Canary(10, RoutingMode.Weighted, Plans.Shadow(100), Plans.Shadow(50, "shadow-2", 4));

        Assert.Empty(DeploymentPlanValidator.Validate(plan));
    }

    [Fact]
    public void Every_broken_rule_is_reported_with_its_field()
    {
        var plan = new DeploymentPlan(" ", "", (RoutingMode)7,
        [
            new("a", 0, 50),
            new("A", 2, 150, VariantRole.Canary),
            new("", 3, 0, VariantRole.Shadow),
        ]);

        var fields = DeploymentPlanValidator.Validate(plan).Select(e => e.Field).ToArray();

        Assert.Equal(["tenant", "model", "mode", "variants[0].version", "variants[1].name", "variants[1].weight", "variants[2].name", "variants[2].weight"], fields);
    }

    [Fact]
    public void Duplicate_names_say_which_variant_had_the_name_first()
    {
        var plan = Plans.Canary(10) with { Variants = [new("blue", 1, 50), new("Blue", 2, 50, VariantRole.Canary)] };

        var error = Assert.Single(DeploymentPlanValidator.Validate(plan));

        Assert.Equal("variants[1].name", error.Field);
        Assert.Contains("variants[0]", error.Message);
    }

    [Fact]
    public void A_plan_of_only_shadows_has_no_serving_variant()
    {
        var plan = Plans.Canary(10) with { Variants = [Plans.Shadow()] };

        var error = Assert.Single(DeploymentPlanValidator.Validate(plan));

        Assert.Equal("variants", error.Field);
        Assert.Contains("serving variant", error.Message);
    }

    [Fact]
    public void Missing_variants_and_two_stables_are_rejected()
    {
        Assert.Equal("variants", Assert.Single(DeploymentPlanValidator.Validate(Plans.Canary(10) with { Variants = null! })).Field);
        var twoStables = Plans.Canary(10) with { Variants = [new("a", 1, 50), new("b", 2, 50)] };
        Assert.Equal("variants[].role", Assert.Single(DeploymentPlanValidator.Validate(twoStables)).Field);
    }

    [Fact]
    public void The_exception_message_names_the_model_and_every_field()
    {
        var plan = Plans.Canary(10) with { Variants = [new("stable", -1, 90), new("canary", 2, 20, VariantRole.Canary)] };

        var exception = Assert.Throws<InvalidDeploymentPlanException>(() => RoutingTable.Build(plan));

        Assert.Contains("credit-risk", exception.Message);
        Assert.Contains("variants[0].version", exception.Message);
        Assert.Contains("variants[].weight", exception.Message);
        Assert.Equal(["variants[0].version", "variants[].weight"], exception.ToDictionary().Keys.Order());
    }

    [Fact]
    public void Plans_round_trip_through_camel_case_json()
    {
        var plan = Plans.Canary(10, RoutingMode.Sticky, Plans.Shadow(25)) with { Revision = 3, UpdatedBy = "ml-engineer@acme" };

        var json = JsonSerializer.Serialize(plan, DeploymentJson.Options);
        var back = JsonSerializer.Deserialize<DeploymentPlan>(json, DeploymentJson.Options)!;

        Assert.Contains("\"mode\":\"sticky\"", json);
        Assert.Contains("\"role\":\"canary\"", json);
        Assert.Contains("\"role\":\"shadow\"", json);
        Assert.Contains("\"variants\":[{\"name\":\"stable\",\"version\":1,\"weight\":90,\"role\":\"stable\"}", json);
        Assert.Equal(plan.Variants, back.Variants);
        Assert.Equal(plan with { Variants = back.Variants }, back);
    }

    [Fact]
    public void Enum_names_are_camel_case_even_with_the_default_serializer_options()
    {
        var json = JsonSerializer.Serialize(new DeploymentVariant("c", 2, 10, VariantRole.Canary));

        Assert.Contains("\"Role\":\"canary\"", json);
    }

    [Fact]
    public void A_plan_read_from_json_with_a_missing_field_fails_validation_rather_than_crashing()
    {
        var plan = JsonSerializer.Deserialize<DeploymentPlan>("""{"tenant":"acme","model":"m","mode":"weighted","variants":[{"name":"s","weight":100}]}""", DeploymentJson.Options);

        var error = Assert.Single(DeploymentPlanValidator.Validate(plan));
        Assert.Equal("variants[0].version", error.Field);
    }
}
