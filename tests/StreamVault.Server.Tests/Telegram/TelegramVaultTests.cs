using Microsoft.Extensions.Logging.Abstractions;
using StreamVault.Vaults;
using StreamVault.Vaults.Telegram;

namespace StreamVault.Server.Tests.Telegram;

/// <summary>The Telegram vault on its own (no web server) against the MTProto test server.</summary>
public sealed class TelegramVaultTests
{
    private const int MiB = 1024 * 1024;

    private static CancellationToken Ct() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private static TelegramVault Vault(MtprotoBackend backend) =>
        new(backend.Options() with { MaxPartSize = 2 * MiB, StagingFolder = backend.Folder.Combine("staging") }, TimeProvider.System, NullLogger.Instance);

    private static byte[] Data(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public async Task Objects_are_split_into_documents_of_the_part_size_and_read_back_across_parts()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        await backend.AddBotSessionAsync("1:bot");
        await using var vault = Vault(backend);
        var data = Data((4 * MiB) + 10, 3);
        var reported = new List<long>();

        var stored = await vault.WriteAsync("film-1", new MemoryStream(data), new SyncProgress(reported), Ct());

        Assert.Equal([2 * MiB, 2 * MiB, 10], stored.Parts.Select(p => p.Length));
        Assert.Equal(3, backend.Server.MessageCount(backend.Channel));
        Assert.Equal(data.Length, reported[^1]);
        Assert.Empty(Directory.EnumerateFiles(backend.Folder.Combine("staging")));
        var back = new byte[data.Length];
        long offset = 0;
        foreach (var part in stored.Parts)
        {
            await vault.ReadSliceAsync(part.Locator, 0, back.AsMemory((int)offset, (int)part.Length), new SliceFetchTicket(SliceFetchPriority.Demand), Ct());
            offset += part.Length;
        }

        Assert.Equal(data, back);
        var unaligned = new byte[300];
        Assert.Equal(300, await vault.ReadAsync(stored.Parts[1].Locator, MiB + 77, unaligned, Ct()));
        Assert.Equal(data.AsSpan((3 * MiB) + 77, 300).ToArray(), unaligned);

        foreach (var part in stored.Parts)
        {
            await vault.DeleteAsync(part.Locator, Ct());
        }

        Assert.Equal(0, backend.Server.MessageCount(backend.Channel));
        await vault.DeleteAsync(stored.Parts[0].Locator, Ct()); // already gone: not an error
    }

    [Fact]
    public async Task A_connection_dropped_before_the_answer_is_retried_and_the_bytes_are_exact()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        await backend.AddBotSessionAsync("1:bot");
        await using var vault = Vault(backend);
        var data = Data(2 * MiB, 4);
        var part = Assert.Single((await vault.WriteAsync("film-2", new MemoryStream(data), null, Ct())).Parts);
        var first = new byte[MiB];
        await vault.ReadSliceAsync(part.Locator, 0, first, new SliceFetchTicket(SliceFetchPriority.Demand), Ct());
        var getFiles = backend.Server.CallCount("upload.getFile");

        // Warm: the next API call is the getFile of the second window, and its connection is cut before the answer.
        backend.Server.Faults.DropConnectionAfterCalls(1);
        var second = new byte[MiB];
        await vault.ReadSliceAsync(part.Locator, MiB, second, new SliceFetchTicket(SliceFetchPriority.Demand), Ct());

        Assert.Equal(data, first.Concat(second).ToArray());
        Assert.True(backend.Server.CallCount("upload.getFile") >= getFiles + 1);
    }

    [Fact]
    public async Task Uploads_wait_out_flood_wait_and_complete()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        await backend.AddBotSessionAsync("1:bot");
        await using var vault = Vault(backend);
        backend.Server.Faults.FloodMethods.Add("upload.saveFilePart");
        backend.Server.Faults.FloodWindow = TimeSpan.FromSeconds(1);
        backend.Server.Faults.FloodWaitSeconds = 1;
        backend.Server.Faults.FloodMaxCalls = 2;
        var data = Data((MiB * 3) / 2, 5); // three 512 KiB upload parts: the third earns FLOOD_WAIT_1

        var part = Assert.Single((await vault.WriteAsync("film-3", new MemoryStream(data), null, Ct())).Parts);

        Assert.Equal(data.Length, part.Length);
        var back = new byte[data.Length];
        backend.Server.Faults.FloodMaxCalls = 0;
        await vault.ReadSliceAsync(part.Locator, 0, back, new SliceFetchTicket(SliceFetchPriority.Demand), Ct());
        Assert.Equal(data, back);
    }

    [Fact]
    public async Task A_cdn_redirect_fails_the_slice_at_once_and_no_other_session_is_asked()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        await backend.AddBotSessionAsync("1:first");
        await backend.AddBotSessionAsync("2:second");
        await using var vault = Vault(backend);
        var stored = await vault.WriteAsync("film-cdn", new MemoryStream(Data(MiB, 4)), null, Ct());
        backend.Server.Faults.RedirectDownloadsToCdn = true;
        var getFiles = backend.Server.CallCount("upload.getFile");

        var e = await Assert.ThrowsAsync<VaultUnavailableException>(() =>
            vault.ReadSliceAsync(stored.Parts[0].Locator, 0, new byte[MiB], new SliceFetchTicket(SliceFetchPriority.Demand), Ct()));

        Assert.Contains("CDN downloads are not supported", e.Message, StringComparison.Ordinal);
        Assert.Equal(getFiles + 1, backend.Server.CallCount("upload.getFile"));
        Assert.All(vault.Swarm.Snapshot().Sessions, s => Assert.Equal(0, s.Failures));
    }

    private sealed class SyncProgress(List<long> into) : IProgress<long>
    {
        public void Report(long value) => into.Add(value);
    }
}
