namespace Keel.Events.Tests;

/// <summary>Tenant names partition files and keys: a name with a trailing line break is not the same name.</summary>
public sealed class TenantNameTests
{
    [Theory]
    [InlineData("acme", true)]
    [InlineData("acme-2", true)]
    [InlineData("acme\n", false)]
    [InlineData("acme\r\n", false)]
    [InlineData("Acme", false)]
    [InlineData("-acme", false)]
    public void Only_whole_names_match(string tenant, bool valid) => Assert.Equal(valid, TenantName.IsValid(tenant));
}
