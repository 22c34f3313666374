using Keel.Hardening.Files;

namespace Keel.Hardening.Tests.Files;

public sealed class SafePathTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Root
    {
        get
        {
            var root = _temp.File("root");
            Directory.CreateDirectory(root);
            return root;
        }
    }

    [Fact]
    public void A_relative_path_is_joined_under_the_root()
    {
        var path = SafePath.Combine(Root, "plots/roc.png");

        Assert.Equal(Path.Combine(Root, "plots", "roc.png"), path);
        Assert.True(SafePath.IsUnder(Root, path));
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("plots/../../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("plots//roc.png")]
    [InlineData("plots/")]
    [InlineData("plots\\..\\..\\x")]
    [InlineData("")]
    public void Paths_that_are_not_plain_relative_paths_are_refused(string relative)
    {
        Assert.Throws<UnsafeFileNameException>(() => SafePath.Combine(Root, relative));
    }

    [Fact]
    public void A_root_that_merely_prefixes_another_directory_does_not_contain_it()
    {
        Assert.False(SafePath.IsUnder("/data/keel", "/data/keel-other/file"));
        Assert.False(SafePath.IsUnder("/data/keel", "/data/keel"));
        Assert.True(SafePath.IsUnder("/data/keel/", "/data/keel/file"));
    }

    [Fact]
    public void A_symbolic_link_inside_the_root_is_not_followed_out_of_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var outside = _temp.File("outside");
        Directory.CreateDirectory(outside);
        Directory.CreateSymbolicLink(Path.Combine(Root, "plots"), outside);
        File.CreateSymbolicLink(Path.Combine(Root, "dangling"), _temp.File("outside", "created-through-the-link"));

        var error = Assert.Throws<UnsafeFileNameException>(() => SafePath.Combine(Root, "plots/roc.png"));
        Assert.Contains("symbolic link", error.Message);
        Assert.Throws<UnsafeFileNameException>(() => SafePath.Combine(Root, "dangling"));
    }
}
