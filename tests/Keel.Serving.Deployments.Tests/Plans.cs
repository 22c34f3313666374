namespace Keel.Serving.Deployments.Tests;

internal static class Plans
{
    public const string Tenant = "acme";
    public const string Model = "credit-risk";

    /// <summary>Stable version 1 and canary version 2 at <paramref name="canaryPercent"/>, plus any extra variants.</summary>
    public static DeploymentPlan Canary(double canaryPercent, RoutingMode mode = RoutingMode.Weighted, params DeploymentVariant[] extra) =>
        new(Tenant, Model, mode,
        [
            new DeploymentVariant("stable", 1, 100 - canaryPercent, VariantRole.Stable),
            new DeploymentVariant("canary", 2, canaryPercent, VariantRole.Canary),
            .. extra,
        ]);

    public static DeploymentVariant Shadow(double percent = 100, string name = "shadow", int version = 3) => new(name, version, percent, VariantRole.Shadow);
}
