using System.Text;
using Keel.Security.Permissions;

namespace Keel.Security.Tests;

/// <summary>The README's role table is the code's table, written out.</summary>
public sealed class RoleTableReadmeTests
{
    private const string Start = "<!-- role-table:start -->";
    private const string End = "<!-- role-table:end -->";

    [Fact]
    public void The_readme_shows_the_role_table_as_the_code_has_it()
    {
        var readme = File.ReadAllText(RepoRoot.File("core", "Keel.Security", "README.md")).ReplaceLineEndings("\n");
        var from = readme.IndexOf(Start, StringComparison.Ordinal);
        var to = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"README.md has no {Start} … {End} section");

        var shown = readme[(from + Start.Length)..to].Trim();

        Assert.True(Render() == shown, $"README.md's role table is out of date; put this between the markers:\n\n{Render()}\n");
    }

    private static string Render()
    {
        var text = new StringBuilder();
        text.Append("| permission | changes state |");
        foreach (var role in KeelRoles.All)
        {
            text.Append(' ').Append(role).Append(" |");
        }
        text.Append('\n').Append("|---|---|").Append(string.Concat(KeelRoles.All.Select(_ => "---|")));
        foreach (var permission in Enum.GetValues<Permission>())
        {
            text.Append('\n').Append("| `").Append(permission.PolicyName()).Append("` | ").Append(permission.ChangesState() ? "yes" : "no").Append(" |");
            foreach (var role in KeelRoles.All)
            {
                text.Append(RolePermissions.Of(role).Contains(permission) ? " ✓ |" : " |");
            }
        }
        return text.ToString();
    }
}
