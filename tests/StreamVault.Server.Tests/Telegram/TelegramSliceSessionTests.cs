using StreamVault.Vaults.Swarm;
using StreamVault.Vaults.Telegram;

namespace StreamVault.Server.Tests.Telegram;

/// <summary>One saved login as a swarm session, straight against the MTProto test server: the library's errors
/// arrive as the swarm's typed errors.</summary>
public sealed class TelegramSliceSessionTests
{
    private const int MiB = 1024 * 1024;

    private static async Task<(TelegramSliceSession Session, string Locator, byte[] Data)> SetupAsync(MtprotoBackend backend, Func<int, bool> swarmServesDc, int documentDc = 1, int size = 2 * MiB)
    {
        var info = await backend.AddBotSessionAsync("1:reader");
        var data = new byte[size];
        new Random(5).NextBytes(data);
        var doc = backend.Server.AddDocument(backend.Channel, "part.bin", data, documentDc);
        var locator = new TelegramLocator(backend.Channel.Id, doc.MessageId, size, documentDc).ToString();
        var session = new TelegramSliceSession(info, backend.Options(), new TelegramSessionFolder(backend.SessionsFolder, null), swarmServesDc);
        return (session, locator, data);
    }

    private static CancellationToken Ct() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Fact]
    public async Task Reads_a_window_and_a_short_tail_byte_exact()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        var (session, locator, data) = await SetupAsync(backend, _ => true, size: MiB + 5000);
        await using var s = session;

        var window = new byte[MiB];
        Assert.Equal(MiB, await session.GetSliceAsync(locator, 0, window, Ct()));
        Assert.Equal(data[..MiB], window);
        var tail = new byte[5000];
        Assert.Equal(5000, await session.GetSliceAsync(locator, MiB, tail, Ct()));
        Assert.Equal(data[MiB..], tail);
    }

    [Fact]
    public async Task Flood_wait_becomes_the_swarms_flood_wait_with_the_seconds_telegram_asked_for()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        var (session, locator, _) = await SetupAsync(backend, _ => true);
        await using var s = session;
        backend.Server.Faults.FloodMethods.Add("upload.getFile");
        backend.Server.Faults.FloodWindow = TimeSpan.FromHours(1);
        backend.Server.Faults.FloodWaitSeconds = 17;
        backend.Server.Faults.FloodMaxCalls = 1;
        await session.GetSliceAsync(locator, 0, new byte[MiB], Ct());

        var flood = await Assert.ThrowsAsync<FloodWaitException>(async () => await session.GetSliceAsync(locator, MiB, new byte[MiB], Ct()));

        Assert.Equal(TimeSpan.FromSeconds(17), flood.Wait);
    }

    [Fact]
    public async Task A_file_on_a_dc_the_swarm_serves_is_handed_over_as_file_migrate()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        var (session, locator, _) = await SetupAsync(backend, dc => dc is 1 or 2, documentDc: 2);
        await using var s = session;
        var getFiles = backend.Server.CallCount("upload.getFile");

        var migrate = await Assert.ThrowsAsync<FileMigrateException>(async () => await session.GetSliceAsync(locator, 0, new byte[MiB], Ct()));

        Assert.Equal(2, migrate.Dc);
        Assert.Equal(getFiles, backend.Server.CallCount("upload.getFile"));
    }

    [Fact]
    public async Task A_file_on_a_dc_without_sessions_is_read_through_an_exported_authorization()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        var (session, locator, data) = await SetupAsync(backend, dc => dc == 1, documentDc: 2);
        await using var s = session;

        var window = new byte[MiB];
        Assert.Equal(MiB, await session.GetSliceAsync(locator, MiB, window, Ct()));

        Assert.Equal(data[MiB..], window);
        Assert.Equal(1, backend.Server.CallCount("auth.importAuthorization"));
    }

    [Fact]
    public async Task Expired_references_are_refreshed_from_the_message()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        var (session, locator, data) = await SetupAsync(backend, _ => true);
        await using var s = session;
        await session.GetSliceAsync(locator, 0, new byte[MiB], Ct());
        backend.Server.ExpireFileReferences();
        var reads = backend.Server.CallCount("channels.getMessages");

        await session.RefreshFileReferenceAsync(locator, Ct());
        var window = new byte[MiB];
        await session.GetSliceAsync(locator, MiB, window, Ct());

        Assert.Equal(data[MiB..], window);
        Assert.Equal(reads + 1, backend.Server.CallCount("channels.getMessages"));
    }

    [Fact]
    public async Task A_deleted_message_is_a_backend_failure_not_bytes()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        var (session, _, _) = await SetupAsync(backend, _ => true);
        await using var s = session;
        var missing = new TelegramLocator(backend.Channel.Id, 999, MiB, 1).ToString();

        await Assert.ThrowsAsync<TransientBackendException>(async () => await session.GetSliceAsync(missing, 0, new byte[MiB], Ct()));
    }

    [Fact]
    public async Task A_cdn_redirect_is_a_permanent_failure_of_the_request()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        var (session, locator, _) = await SetupAsync(backend, _ => true);
        await using var s = session;
        backend.Server.Faults.RedirectDownloadsToCdn = true;

        var e = await Assert.ThrowsAsync<PermanentBackendException>(async () => await session.GetSliceAsync(locator, 0, new byte[MiB], Ct()));

        Assert.IsType<StreamVault.Mtproto.CdnRedirectNotSupportedException>(e.InnerException);
        Assert.Contains("CDN downloads are not supported", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_part_outside_the_configured_channel_is_a_permanent_failure()
    {
        await using var backend = await MtprotoBackend.StartAsync();
        var (session, _, _) = await SetupAsync(backend, _ => true);
        await using var s = session;
        var elsewhere = new TelegramLocator(backend.Channel.Id + 1, 1, MiB, 1).ToString();

        var e = await Assert.ThrowsAsync<PermanentBackendException>(async () => await session.GetSliceAsync(elsewhere, 0, new byte[MiB], Ct()));

        Assert.Contains("not in the configured channel", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 100, 4096)]
    [InlineData(0, MiB, MiB)]
    [InlineData(0, 5000, 8192)]
    [InlineData(4096, MiB, 4096)]
    [InlineData(MiB, 3 * 4096, 16384)]
    [InlineData(3 * MiB, MiB, MiB)]
    public void Limits_are_powers_of_two_that_never_cross_a_mebibyte(long position, int remaining, int expected)
    {
        Assert.Equal(expected, TelegramSliceSession.LimitFor(position, remaining));
    }

    [Fact]
    public void Locators_round_trip_and_reject_foreign_text()
    {
        var locator = new TelegramLocator(123456789, 42, 2 * MiB, 4);
        Assert.Equal(locator, TelegramLocator.Parse(locator.ToString()));
        Assert.Throws<ArgumentException>(() => TelegramLocator.Parse("movie.0000"));
    }
}
