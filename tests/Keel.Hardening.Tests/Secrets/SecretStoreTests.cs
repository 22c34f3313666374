using Keel.Secrets;

namespace Keel.Hardening.Tests.Secrets;

public class SecretStoreTests
{
    private static string UniqueName() => "test-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task The_environment_store_reads_the_prefixed_upper_case_variable()
    {
        var name = UniqueName() + ".db-password";
        var store = new EnvironmentSecretStore();
        var variable = store.VariableFor(name);
        Assert.Matches("^KEEL_SECRET_TEST_[0-9A-F]{12}_DB_PASSWORD$", variable);

        Environment.SetEnvironmentVariable(variable, "from-the-environment");
        try
        {
            Assert.Equal("from-the-environment", await store.GetAsync(name));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task The_file_store_writes_owner_only_and_reads_the_value_back_without_the_trailing_newline()
    {
        using var temp = new TempDirectory();
        var store = new LocalFileSecretStore(temp.File("secrets"));

        await store.SetAsync("db-password", "s3cret-value");
        Assert.Equal("s3cret-value", await store.GetAsync("db-password"));

        await File.WriteAllTextAsync(store.PathOf("db-password"), "edited-by-hand\n");
        Assert.Equal("edited-by-hand", await store.GetAsync("db-password"));

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(store.Directory));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.PathOf("db-password")));
        }
    }

    [Fact]
    public async Task The_file_store_refuses_a_secret_file_that_others_may_read()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        using var temp = new TempDirectory();
        var store = new LocalFileSecretStore(temp.Path);
        await store.SetAsync("api-key", "k3y-value-123");
        File.SetUnixFileMode(store.PathOf("api-key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var error = await Assert.ThrowsAsync<SecretStoreException>(() => store.GetAsync("api-key"));
        Assert.Contains("chmod 600", error.Message);
        Assert.DoesNotContain("k3y-value-123", error.Message);
    }

    [Fact]
    public async Task A_missing_secret_is_named_with_every_place_looked_at()
    {
        using var temp = new TempDirectory();
        var name = UniqueName();
        var store = new CompositeSecretStore([new EnvironmentSecretStore(), new LocalFileSecretStore(temp.Path)]);

        var error = await Assert.ThrowsAsync<SecretNotFoundException>(() => store.GetAsync(name));

        Assert.Equal(name, error.Name);
        Assert.Contains($"'{name}'", error.Message);
        Assert.Contains(new EnvironmentSecretStore().VariableFor(name), error.Message);
        Assert.Contains(Path.Combine(temp.Path, name), error.Message);
    }

    [Fact]
    public async Task The_environment_wins_over_the_file_in_the_default_composition()
    {
        using var temp = new TempDirectory();
        var name = UniqueName();
        var file = new LocalFileSecretStore(temp.Path);
        await file.SetAsync(name, "from-the-file");
        var store = new CompositeSecretStore([new EnvironmentSecretStore(), file]);
        Assert.Equal("from-the-file", await store.GetAsync(name));

        var variable = new EnvironmentSecretStore().VariableFor(name);
        Environment.SetEnvironmentVariable(variable, "from-the-environment");
        try
        {
            Assert.Equal("from-the-environment", await store.GetAsync(name));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("")]
    public async Task Names_that_could_leave_the_secrets_directory_are_refused(string name)
    {
        using var temp = new TempDirectory();
        var store = new LocalFileSecretStore(temp.Path);

        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(name));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SetAsync(name, "value"));
    }
}
