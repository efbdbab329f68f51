using StreamVault.Vaults.Local;

namespace StreamVault.Vaults.Tests.Local;

public sealed class LocalFolderVaultTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sv-vault-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task Writes_split_into_parts_and_reads_back_exactly()
    {
        var vault = new LocalFolderVault(new LocalFolderVaultOptions(_root, MaxPartSize: 1000));
        var data = RandomBytes(2500);

        var stored = await vault.WriteAsync("abc", new MemoryStream(data), null, CancellationToken.None);

        Assert.Equal([1000L, 1000L, 500L], stored.Parts.Select(p => p.Length));
        Assert.Equal(data, await ReadAllAsync(vault, stored));
    }

    [Fact]
    public async Task A_part_of_exactly_the_maximum_size_does_not_leave_an_empty_part()
    {
        var vault = new LocalFolderVault(new LocalFolderVaultOptions(_root, MaxPartSize: 1000));

        var stored = await vault.WriteAsync("exact", new NonSeekableStream(RandomBytes(2000)), null, CancellationToken.None);

        Assert.Equal([1000L, 1000L], stored.Parts.Select(p => p.Length));
    }

    [Fact]
    public async Task An_empty_object_is_one_empty_part()
    {
        var vault = new LocalFolderVault(new LocalFolderVaultOptions(_root));

        var stored = await vault.WriteAsync("empty", new MemoryStream(), null, CancellationToken.None);

        Assert.Single(stored.Parts);
        Assert.Equal(0, stored.Length);
    }

    [Fact]
    public async Task A_reader_never_sees_a_torn_part_while_it_is_rewritten()
    {
        var vault = new LocalFolderVault(new LocalFolderVaultOptions(_root));
        var first = Enumerable.Repeat((byte)1, 4 * 1024 * 1024).ToArray();
        var second = Enumerable.Repeat((byte)2, 4 * 1024 * 1024).ToArray();
        var stored = await vault.WriteAsync("same", new MemoryStream(first), null, CancellationToken.None);
        var locator = stored.Parts[0].Locator;

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await vault.WriteAsync("same", new SlowStream(i % 2 == 0 ? second : first), null, CancellationToken.None);
            }

            await stop.CancelAsync();
        });

        var reads = 0;
        var buffer = new byte[first.Length];
        while (!stop.IsCancellationRequested)
        {
            var read = await ReadFullyAsync(vault, locator, buffer);
            Assert.Equal(first.Length, read);
            Assert.True(buffer.All(b => b == buffer[0]), "a read mixed bytes of two writes");
            reads++;
        }

        await writer;
        Assert.True(reads > 0);
    }

    [Fact]
    public async Task A_cancelled_write_leaves_no_part_and_restart_sweeps_temporary_files()
    {
        var vault = new LocalFolderVault(new LocalFolderVaultOptions(_root));
        using var cancel = new CancellationTokenSource();
        var progress = new CallbackProgress(bytes =>
        {
            if (bytes >= 1024 * 1024)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => vault.WriteAsync("cut", new MemoryStream(RandomBytes(3 * 1024 * 1024)), progress, cancel.Token));

        Assert.Empty(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));

        // A crash (kill -9) cannot run the cleanup: simulate its leftover and restart.
        Directory.CreateDirectory(Path.Combine(_root, "cu"));
        var leftover = Path.Combine(_root, "cu", "cut.0000.0123456789abcdef.partial");
        await File.WriteAllBytesAsync(leftover, [1, 2, 3]);
        _ = new LocalFolderVault(new LocalFolderVaultOptions(_root));
        Assert.False(File.Exists(leftover));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("/etc/passwd")]
    public async Task Locators_cannot_leave_the_vault(string locator)
    {
        var vault = new LocalFolderVault(new LocalFolderVaultOptions(_root));

        await Assert.ThrowsAsync<ArgumentException>(async () => await vault.ReadAsync(locator, 0, new byte[10], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => vault.DeleteAsync(locator, CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("name with space")]
    public async Task Keys_are_checked(string key)
    {
        var vault = new LocalFolderVault(new LocalFolderVaultOptions(_root));

        await Assert.ThrowsAsync<ArgumentException>(() => vault.WriteAsync(key, new MemoryStream([1]), null, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_removes_the_part_and_tolerates_a_missing_one()
    {
        var vault = new LocalFolderVault(new LocalFolderVaultOptions(_root));
        var stored = await vault.WriteAsync("gone", new MemoryStream(RandomBytes(10)), null, CancellationToken.None);

        await vault.DeleteAsync(stored.Parts[0].Locator, CancellationToken.None);
        await vault.DeleteAsync(stored.Parts[0].Locator, CancellationToken.None);

        Assert.Null(vault.TryGetPhysicalPath(stored.Parts[0].Locator));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]> ReadAllAsync(IVault vault, StoredObject stored)
    {
        var output = new MemoryStream();
        foreach (var part in stored.Parts)
        {
            var buffer = new byte[part.Length];
            await ReadFullyAsync(vault, part.Locator, buffer);
            output.Write(buffer);
        }

        return output.ToArray();
    }

    private static async Task<int> ReadFullyAsync(IVault vault, string locator, byte[] buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await vault.ReadAsync(locator, total, buffer.AsMemory(total), CancellationToken.None);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private sealed class CallbackProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    /// <summary>Hands out small chunks so a write takes many steps while readers run.</summary>
    private sealed class SlowStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 64 * 1024)], cancellationToken);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
