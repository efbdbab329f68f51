using System.Net;
using Microsoft.Extensions.Logging;
using StreamVault.Mtproto;
using StreamVault.Mtproto.Crypto;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Vaults.Telegram;

/// <summary>The `StreamVault:Telegram` section: where the channel is, which accounts read it, how to reach Telegram.</summary>
public sealed partial record TelegramVaultOptions
{
    public string VaultId { get; init; } = "telegram";

    /// <summary>Username of the storage channel (with or without '@'); every session must be able to post to it.</summary>
    public string Channel { get; init; } = "";

    /// <summary>Folder of saved sessions (`streamvault session add`); the server sets it to DATA/telegram/sessions when empty.</summary>
    public string? SessionsFolder { get; init; }

    /// <summary>
    /// Folder of sessions made elsewhere (Pyrogram/Telethon <c>.session</c> files, text files of string sessions) that
    /// the server imports once at start, e.g. a Python swarm's <c>config/workers</c>. The server sets it to
    /// config/workers under the working directory when empty. Files are never changed or deleted; each is imported once.
    /// </summary>
    public string? ImportFolder { get; init; }

    /// <summary>Passphrase the session files are encrypted with; empty uses a random key kept in SessionsFolder/.session-key.</summary>
    public string? SessionPassphrase { get; init; }

    public int ApiId { get; init; }

    public string ApiHash { get; init; } = "";

    /// <summary>DC id to "host:port" (e.g. 2 = 149.154.167.50:443). Every DC a session or a file may live on.</summary>
    public Dictionary<int, string> DcAddresses { get; init; } = [];

    /// <summary>DC a new session connects to first (Telegram redirects logins to the account's home DC); default the lowest listed.</summary>
    public int? HomeDc { get; init; }

    /// <summary>PEM file with the server RSA public key(s): Telegram's published keys, or a test server's own key.</summary>
    public string? RsaKeyFile { get; init; }

    /// <summary>Largest channel document; larger objects are stored as several. Telegram's limit is 2 GiB; a multiple of 1 MiB.</summary>
    public long MaxPartSize { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Where a part is staged before upload (the client needs a seekable stream); empty = the system temp folder.</summary>
    public string? StagingFolder { get; init; }

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Temporary auth keys (PFS, auth.bindTempAuthKey) are not supported: true stops the start with a message
    /// saying so, rather than running without what was asked for.</summary>
    public bool PerfectForwardSecrecy { get; init; }

    /// <summary>Budget and failover of the sessions that read.</summary>
    public SwarmOptions Swarm { get; init; } = new();

    internal int EffectiveHomeDc => HomeDc ?? (DcAddresses.Count == 0 ? 0 : DcAddresses.Keys.Min());

    /// <summary>Problems with the connection settings (enough for `session add`), each naming the setting.</summary>
    public IReadOnlyList<string> ValidateConnection(string prefix)
    {
        var errors = new List<string>();
        if (ApiId <= 0)
        {
            errors.Add($"{prefix}:ApiId must be the api_id of your application from my.telegram.org (a positive number).");
        }

        if (string.IsNullOrWhiteSpace(ApiHash))
        {
            errors.Add($"{prefix}:ApiHash must be the api_hash of your application from my.telegram.org.");
        }

        if (DcAddresses.Count == 0)
        {
            errors.Add($"{prefix}:DcAddresses must list at least one data centre, e.g. {prefix}:DcAddresses:2 = \"149.154.167.50:443\".");
        }

        foreach (var (dc, address) in DcAddresses)
        {
            if (TryParseEndPoint(address) is null)
            {
                errors.Add($"{prefix}:DcAddresses:{dc} = \"{address}\" is not \"host:port\".");
            }
        }

        if (DcAddresses.Count > 0 && !DcAddresses.ContainsKey(EffectiveHomeDc))
        {
            errors.Add($"{prefix}:HomeDc = {EffectiveHomeDc} has no address in {prefix}:DcAddresses.");
        }

        if (string.IsNullOrWhiteSpace(RsaKeyFile))
        {
            errors.Add($"{prefix}:RsaKeyFile must name a PEM file with the server's RSA public key(s) (Telegram publishes them; a test server prints its own).");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}:RequestTimeout must be positive, e.g. 00:00:30.");
        }

        if (PerfectForwardSecrecy)
        {
            errors.Add($"{prefix}:PerfectForwardSecrecy: temporary auth keys (PFS, auth.bindTempAuthKey) are not supported by StreamVault's MTProto client; "
                + "remove the setting. Sessions use their permanent auth key, stored encrypted in SessionsFolder.");
        }

        return errors;
    }

    /// <summary>All problems for running the vault: connection, channel, part size, swarm and at least one saved session.</summary>
    public IReadOnlyList<string> Validate(string prefix)
    {
        var errors = new List<string>(ValidateConnection(prefix));
        errors.AddRange(Swarm.Validate(prefix + ":Swarm"));
        if (string.IsNullOrWhiteSpace(Channel))
        {
            errors.Add($"{prefix}:Channel must be the username of the storage channel, e.g. \"my_vault\".");
        }

        if (MaxPartSize < 1024 * 1024 || MaxPartSize % (1024 * 1024) != 0 || MaxPartSize > 2L * 1024 * 1024 * 1024)
        {
            errors.Add($"{prefix}:MaxPartSize must be a multiple of 1 MiB (1048576) up to 2 GiB (2147483648).");
        }

        if (string.IsNullOrWhiteSpace(SessionsFolder))
        {
            errors.Add($"{prefix}:SessionsFolder must name the folder of saved sessions.");
        }

        return errors;
    }

    /// <summary>
    /// What the files named by valid settings hold: the RSA key file parses, and (for running the vault) the sessions
    /// folder has a session. Kept apart from <see cref="Validate"/>, which reads nothing, so validation stays pure and
    /// the host runs this once, on purpose, before it starts the vault.
    /// </summary>
    public IReadOnlyList<string> CheckFiles(string prefix, bool requireSession)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(RsaKeyFile))
        {
            if (!File.Exists(RsaKeyFile))
            {
                errors.Add($"{prefix}:RsaKeyFile: no file at {Path.GetFullPath(RsaKeyFile)}.");
            }
            else
            {
                try
                {
                    if (RsaPublicKey.ParsePem(File.ReadAllText(RsaKeyFile)).Count == 0)
                    {
                        errors.Add($"{prefix}:RsaKeyFile: {RsaKeyFile} holds no \"-----BEGIN RSA PUBLIC KEY-----\" block.");
                    }
                }
                catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
                {
                    errors.Add($"{prefix}:RsaKeyFile: {RsaKeyFile} is not a readable PEM key ({ex.Message}).");
                }
            }
        }

        if (requireSession && !string.IsNullOrWhiteSpace(SessionsFolder) && new TelegramSessionFolder(SessionsFolder, SessionPassphrase).List().Count == 0
            && WorkerFiles.Find(ImportFolder).Count == 0)
        {
            errors.Add($"{prefix}:SessionsFolder ({Path.GetFullPath(SessionsFolder)}) has no session and {prefix}:ImportFolder ({(string.IsNullOrWhiteSpace(ImportFolder) ? "not set" : Path.GetFullPath(ImportFolder))}) "
                + "no session file to import: add one with `streamvault session add --bot-token TOKEN` (or --phone), or put Pyrogram/Telethon .session files or string sessions there.");
        }

        return errors;
    }

    /// <summary>Client settings for one session whose account lives on <paramref name="homeDc"/>. Uploads retry each part
    /// on the vault's clock (FLOOD_WAIT waits in full) and say so in the log.</summary>
    internal TelegramClientOptions ClientOptions(int homeDc, ISessionStore? store, TimeProvider? time = null, ILogger? logger = null)
    {
        var options = new TelegramClientOptions
        {
            ApiId = ApiId,
            ApiHash = ApiHash,
            HomeDc = DcAddresses.ContainsKey(homeDc) ? homeDc : EffectiveHomeDc,
            SessionStore = store,
            RequestTimeout = RequestTimeout,
            PerfectForwardSecrecy = PerfectForwardSecrecy,
            Time = time ?? TimeProvider.System,
            UploadAttempts = UploadAttemptsPerPart,
        };
        if (logger is not null)
        {
            options.UploadRetrying = retry => Log.UploadRetrying(
                logger, retry.Error, retry.FileName, retry.Part is { } part ? $"part {part}" : "(send)", retry.Attempt, retry.Delay);
            options.AnswerDropped = dropped => Log.AnswerDropped(logger, dropped.Dc, dropped.RequestMsgId);
            options.ChannelUpdateDropped = dropped => Log.ChannelUpdateDropped(logger, dropped.Kind, dropped.ChannelId);
        }

        foreach (var (dc, address) in DcAddresses)
        {
            // The transport opens a socket of the endpoint's address family, so host names are resolved here.
            options.DcEndpoints[dc] = TryParseEndPoint(address) switch
            {
                DnsEndPoint dns => new IPEndPoint(Dns.GetHostAddresses(dns.Host).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork), dns.Port),
                var endPoint => endPoint!,
            };
        }

        options.ServerKeys.AddRange(RsaPublicKey.ParsePem(File.ReadAllText(RsaKeyFile!)));
        return options;
    }

    /// <summary>A 2 GiB document has 4096 parts; eight tries each rides out a FLOOD_WAIT storm without stalling forever.</summary>
    private const int UploadAttemptsPerPart = 8;

    private static EndPoint? TryParseEndPoint(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }

        if (IPEndPoint.TryParse(address, out var ip) && ip.Port != 0)
        {
            return ip;
        }

        var colon = address.LastIndexOf(':');
        return colon > 0 && int.TryParse(address.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? new DnsEndPoint(address[..colon], port)
            : null;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Upload of {File} {Step} failed (attempt {Attempt}); retrying in {Delay}.")]
        public static partial void UploadRetrying(ILogger logger, Exception exception, string file, string step, int attempt, TimeSpan delay);

        [LoggerMessage(Level = LogLevel.Debug, Message = "An answer from DC {Dc} came after its call {MsgId} had ended (timed out or cancelled); dropped unread.")]
        public static partial void AnswerDropped(ILogger logger, int dc, long msgId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "A pushed {Kind} update of channel {Channel} was dropped unread (the reader fell behind); auto-index's next look at the channel catches up.")]
        public static partial void ChannelUpdateDropped(ILogger logger, ChannelUpdateKind kind, long channel);
    }
}
