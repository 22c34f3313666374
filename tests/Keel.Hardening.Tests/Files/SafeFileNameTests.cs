using Keel.Hardening.Files;

namespace Keel.Hardening.Tests.Files;

public class SafeFileNameTests
{
    [Theory]
    [InlineData("model.onnx")]
    [InlineData("report-2025-01.html")]
    [InlineData("data_v1.parquet")]
    [InlineData(".gitignore")]
    [InlineData("console.log")]
    [InlineData("Übersicht.csv")]
    public void Plain_file_names_are_accepted(string name)
    {
        Assert.Null(SafeFileName.Check(name));
        Assert.Equal(name, SafeFileName.Require(name));
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData(".", "directory")]
    [InlineData("..", "directory")]
    [InlineData("../../etc/passwd", "separator")]
    [InlineData("/etc/passwd", "separator")]
    [InlineData("models/../../x", "separator")]
    [InlineData("..\\..\\windows\\win.ini", "separator")]
    [InlineData("C:secret.txt", "not allowed")]
    [InlineData("report\0.html", "control")]
    [InlineData("line\nbreak", "control")]
    [InlineData("what?.txt", "not allowed")]
    [InlineData("NUL", "reserved")]
    [InlineData("con.txt", "reserved")]
    [InlineData("LPT1.log", "reserved")]
    [InlineData("name.", "ends with")]
    [InlineData(" name", "space")]
    public void Names_that_could_leave_a_directory_or_be_read_differently_are_refused(string name, string reason)
    {
        var problem = SafeFileName.Check(name);

        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\0', problem);
        Assert.DoesNotContain('\n', problem);
        Assert.Throws<UnsafeFileNameException>(() => SafeFileName.Require(name));
    }

    [Fact]
    public void Names_longer_than_a_file_system_allows_are_refused()
    {
        Assert.Null(SafeFileName.Check(new string('a', 255)));
        Assert.NotNull(SafeFileName.Check(new string('a', 256)));
        // 128 two-byte characters are 256 bytes.
        Assert.NotNull(SafeFileName.Check(new string('é', 128)));
    }
}
