using System.Security.Cryptography;
using Keel.Storage;
using Keel.Storage.Artifacts;

namespace Keel.Tracking.Tests;

public sealed class ArtifactStoreTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private LocalArtifactStore Store(bool verifyOnRead = true, long maxBytes = 1 << 30) =>
        new(new ArtifactStoreOptions { RootDirectory = _dir.File("artifacts"), VerifyOnRead = verifyOnRead, MaxArtifactBytes = maxBytes });

    private static byte[] Bytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]> ReadAllAsync(IArtifactStore store, string sha256)
    {
        await using var stream = await store.OpenAsync(sha256, Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    private string[] TempFiles() => Directory.GetFiles(Path.Combine(_dir.File("artifacts"), "tmp"));

    [Fact]
    public async Task Round_trip_returns_the_bytes_and_a_ref_of_their_hash_and_size()
    {
        var store = Store();
        var bytes = Bytes(3 * 1024 * 1024 + 17, seed: 1);

        var artifact = await store.PutAsync(new MemoryStream(bytes), "application/onnx", Ct);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), artifact.Sha256);
        Assert.Equal(bytes.Length, artifact.Size);
        Assert.Equal("application/onnx", artifact.MediaType);
        Assert.True(await store.ExistsAsync(artifact.Sha256, Ct));
        Assert.Equal(bytes, await ReadAllAsync(store, artifact.Sha256));
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task Files_lie_under_sha256_and_the_first_two_hex_digits_and_hash_to_their_name()
    {
        var store = Store();
        var artifact = await store.PutAsync(new MemoryStream(Bytes(1000, seed: 2)), "application/octet-stream", Ct);

        var expected = Path.Combine(_dir.File("artifacts"), "sha256", artifact.Sha256[..2], artifact.Sha256);
        Assert.Equal(expected, store.PathOf(artifact.Sha256));
        Assert.True(File.Exists(expected));
        Assert.Equal(artifact.Sha256, ContentHash.OfFile(expected));
        Assert.Equal(artifact.Size, new FileInfo(expected).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(expected));
        }
    }

    [Fact]
    public async Task Putting_the_same_bytes_twice_stores_them_once_and_returns_the_same_ref()
    {
        var store = Store();
        var bytes = Bytes(5000, seed: 3);

        var first = await store.PutAsync(new MemoryStream(bytes), "text/csv", Ct);
        var written = File.GetLastWriteTimeUtc(store.PathOf(first.Sha256));
        var second = await store.PutAsync(new MemoryStream(bytes), "text/csv", Ct);

        Assert.Equal(first, second);
        Assert.Equal(written, File.GetLastWriteTimeUtc(store.PathOf(first.Sha256)));
        Assert.Single(await store.ListAsync(Ct).ToListAsync(Ct));
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task Concurrent_puts_of_the_same_bytes_from_several_stores_agree_and_leave_one_intact_file()
    {
        var bytes = Bytes(2 * 1024 * 1024, seed: 4);
        var stores = Enumerable.Range(0, 4).Select(_ => Store()).ToList();

        var refs = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => stores[i % stores.Count].PutAsync(new MemoryStream(bytes), "application/octet-stream", Ct))));

        Assert.Single(refs.Distinct());
        Assert.Single(await stores[0].ListAsync(Ct).ToListAsync(Ct));
        Assert.Equal(bytes, await ReadAllAsync(stores[0], refs[0].Sha256));
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task An_artifact_that_is_not_stored_is_not_found()
    {
        var store = Store();
        var missing = Convert.ToHexStringLower(SHA256.HashData("never stored"u8));

        var error = await Assert.ThrowsAsync<ArtifactNotFoundException>(() => store.OpenAsync(missing, Ct));

        Assert.Equal(missing, error.Sha256);
        Assert.False(await store.ExistsAsync(missing, Ct));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("abc")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    public async Task An_address_that_is_not_64_hex_digits_is_refused_before_it_reaches_a_path(string address)
    {
        var store = Store();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.OpenAsync(address, Ct));

        Assert.Contains("64 hexadecimal digits", error.Message);
    }

    [Fact]
    public async Task An_upper_case_address_names_the_same_artifact()
    {
        var store = Store();
        var artifact = await store.PutAsync(new MemoryStream(Bytes(100, seed: 5)), "application/octet-stream", Ct);

        Assert.True(await store.ExistsAsync(artifact.Sha256.ToUpperInvariant(), Ct));
        Assert.Equal(100, (await ReadAllAsync(store, artifact.Sha256.ToUpperInvariant())).Length);
    }

    [Fact]
    public async Task A_file_changed_on_disk_is_refused_on_open_and_repaired_by_putting_the_content_again()
    {
        var store = Store();
        var bytes = Bytes(4096, seed: 6);
        var artifact = await store.PutAsync(new MemoryStream(bytes), "application/onnx", Ct);
        Tamper(store.PathOf(artifact.Sha256));

        var error = await Assert.ThrowsAsync<ArtifactCorruptedException>(() => store.OpenAsync(artifact.Sha256, Ct));
        Assert.Equal(artifact.Sha256, error.Sha256);
        Assert.NotEqual(artifact.Sha256, error.ActualSha256);

        var again = await store.PutAsync(new MemoryStream(bytes), "application/onnx", Ct);
        Assert.Equal(artifact, again);
        Assert.Equal(bytes, await ReadAllAsync(store, artifact.Sha256));
    }

    [Fact]
    public async Task Without_verification_opening_does_not_hash_the_file()
    {
        var bytes = Bytes(4096, seed: 7);
        var artifact = await Store().PutAsync(new MemoryStream(bytes), "application/onnx", Ct);
        Tamper(Store().PathOf(artifact.Sha256));

        var read = await ReadAllAsync(Store(verifyOnRead: false), artifact.Sha256);

        Assert.Equal(bytes.Length, read.Length);
        Assert.NotEqual(bytes, read);
    }

    [Fact]
    public async Task Content_over_the_size_limit_is_refused_and_nothing_is_stored()
    {
        var store = Store(maxBytes: 1000);

        var error = await Assert.ThrowsAsync<ArtifactTooLargeException>(() => store.PutAsync(new MemoryStream(Bytes(1001, seed: 8)), "application/octet-stream", Ct));

        Assert.Equal(1000, error.LimitBytes);
        Assert.Empty(await store.ListAsync(Ct).ToListAsync(Ct));
        Assert.Empty(TempFiles());
        Assert.Equal(1000, (await store.PutAsync(new MemoryStream(Bytes(1000, seed: 8)), "application/octet-stream", Ct)).Size);
    }

    [Fact]
    public async Task A_stream_that_fails_midway_leaves_nothing_behind()
    {
        var store = Store();

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(new FailingStream(Bytes(3 * 1024 * 1024, seed: 9)), "application/octet-stream", Ct));

        Assert.Empty(await store.ListAsync(Ct).ToListAsync(Ct));
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task Listing_yields_every_artifact_with_its_size_and_skips_foreign_files()
    {
        var store = Store();
        var puts = new List<ArtifactRef>();
        foreach (var size in new[] { 0, 10, 70_000 })
        {
            puts.Add(await store.PutAsync(new MemoryStream(Bytes(size, seed: size)), "application/octet-stream", Ct));
        }
        File.WriteAllText(Path.Combine(_dir.File("artifacts"), "sha256", "README"), "not an artifact");
        Directory.CreateDirectory(Path.Combine(_dir.File("artifacts"), "sha256", "zz"));
        File.WriteAllText(Path.Combine(_dir.File("artifacts"), "sha256", "zz", "note.txt"), "not an artifact");

        var listed = await store.ListAsync(Ct).ToListAsync(Ct);

        Assert.Equal(
            puts.Select(p => (p.Sha256, p.Size)).Order(),
            listed.Select(l => (l.Sha256, l.Size)).Order());
    }

    [Fact]
    public async Task Opening_the_store_deletes_abandoned_puts_but_not_recent_ones()
    {
        Store();
        var temp = Path.Combine(_dir.File("artifacts"), "tmp");
        var abandoned = Path.Combine(temp, "abandoned.part");
        var recent = Path.Combine(temp, "recent.part");
        await File.WriteAllBytesAsync(abandoned, [1, 2, 3], Ct);
        await File.WriteAllBytesAsync(recent, [1, 2, 3], Ct);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddHours(-2));

        Store();

        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(recent));
    }

    [Fact]
    public void The_embedded_default_lies_under_the_data_directory()
    {
        var options = ArtifactStoreOptions.For(new StorageOptions { DataDir = _dir.Path });

        Assert.Equal(Path.Combine(_dir.Path, "artifacts"), options.RootDirectory);
        Assert.True(options.VerifyOnRead);
    }

    private static void Tamper(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = 100;
        var original = file.ReadByte();
        file.Position = 100;
        file.WriteByte((byte)(original ^ 0xFF));
    }

    /// <summary>Yields part of its content, then fails as a broken upload would.</summary>
    private sealed class FailingStream(byte[] content) : MemoryStream(content)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position > Length / 2 ? throw new IOException("connection reset") : base.ReadAsync(buffer, cancellationToken);
    }
}
