using System.Net;
using StreamVault.Mtproto.Crypto;
using StreamVault.Mtproto.Transport;

namespace StreamVault.Mtproto;

public sealed class TelegramClientOptions
{
    public int ApiId { get; set; }

    public string ApiHash { get; set; } = "";

    /// <summary>Known DC addresses; at least the home DC. help.getConfig adds the rest after connecting.</summary>
    public Dictionary<int, EndPoint> DcEndpoints { get; } = [];

    public int HomeDc { get; set; } = 1;

    /// <summary>Server RSA keys (e.g. parsed with <see cref="RsaPublicKey.ParsePem"/> from Telegram's published keys or a test server's PEM).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1002:Do not expose generic lists", Justification = "Options are filled by the caller before the client exists, often from several PEM files at once (AddRange).")]
    public List<RsaPublicKey> ServerKeys { get; } = [];

    public TransportOptions Transport { get; set; } = new();

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Perfect forward secrecy: temporary auth keys bound to the permanent one with auth.bindTempAuthKey. Not
    /// implemented: true makes the <see cref="TelegramClient"/> constructor throw, so nobody runs believing they have it.
    /// Every call is encrypted with the permanent auth key (kept by <see cref="SessionStore"/>).
    /// </summary>
    public bool PerfectForwardSecrecy { get; set; }

    /// <summary>Every wait of the client (FLOOD_WAIT during uploads, reconnect back-off) runs on this clock.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Attempts per upload part (and for the final messages.sendMedia) before the upload fails with
    /// <see cref="UploadFailedException"/>. Only FLOOD_WAIT and transient errors are retried.</summary>
    public int UploadAttempts { get; set; } = 5;

    /// <summary>Pause before re-sending a part after a transient error, times the attempt number (FLOOD_WAIT waits its own seconds).</summary>
    public TimeSpan UploadRetryBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Called before each upload retry's wait, e.g. to log it; runs on the uploading task.</summary>
    public Action<UploadRetry>? UploadRetrying { get; set; }

    /// <summary>Called (on the connection's receive loop: keep it short) for each answer dropped because its call had
    /// already ended, e.g. to log it; <see cref="TelegramClient.DroppedAnswers"/> counts them.</summary>
    public Action<DroppedAnswer>? AnswerDropped { get; set; }

    /// <summary>Channel updates Telegram pushed that <see cref="TelegramClient.ChannelUpdates"/> holds until they are
    /// read; past that the oldest is dropped (the receive loop never waits for a reader), see
    /// <see cref="ChannelUpdateDropped"/>.</summary>
    public int ChannelUpdateCapacity { get; set; } = 1024;

    /// <summary>Called (on the connection's receive loop: keep it short) for each pushed channel update dropped unread
    /// because <see cref="ChannelUpdateCapacity"/> were waiting; <see cref="TelegramClient.DroppedChannelUpdates"/> counts them.</summary>
    public Action<ChannelUpdate>? ChannelUpdateDropped { get; set; }

    public string DeviceModel { get; set; } = "StreamVault";

    public string SystemVersion { get; set; } = Environment.OSVersion.VersionString;

    public string AppVersion { get; set; } = "1.0";

    public string LangCode { get; set; } = "en";

    /// <summary>Where auth keys are persisted between runs; null keeps them in memory only.</summary>
    public ISessionStore? SessionStore { get; set; }
}
