using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace StreamVault.Bot;

public enum BotMode
{
    /// <summary>getUpdates long polling: works behind NAT and without a public https address.</summary>
    Polling,

    /// <summary>Telegram POSTs updates to <see cref="BotOptions.WebhookUrl"/>, checked by the secret-token header.</summary>
    Webhook,
}

/// <summary>The `StreamVault:Bot` section. Without a token the bot is off and the server starts as before.</summary>
public sealed class BotOptions : IValidatableObject
{
    public const string Section = "StreamVault:Bot";

    /// <summary>The token @BotFather gave, "123456:ABC...". Never logged, never shown.</summary>
    public string? Token { get; set; }

    /// <summary>Telegram user id of the owner: may do everything, including `/admins add|remove`.</summary>
    public long? OwnerId { get; set; }

    /// <summary>Telegram user ids that may command the bot, beside those the owner adds with `/admins add`.</summary>
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "Bound from configuration (StreamVault:Bot:AdminIds:0, ...).")]
    public long[] AdminIds { get; set; } = [];

    public BotMode Mode { get; set; } = BotMode.Polling;

    /// <summary>Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token with every webhook call (webhook mode).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Public https address of the webhook; default PublicBaseUrl + <see cref="WebhookPath"/>.</summary>
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "Bound from configuration as a string and checked in Validate with a message that names the setting.")]
    public string? WebhookUrl { get; set; }

    /// <summary>Bot API server; only tests (the stand-in) and self-hosted Bot API servers change it.</summary>
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "Bound from configuration as a string and checked in Validate with a message that names the setting.")]
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    /// <summary>Seconds one getUpdates call waits for updates (Telegram allows up to 50).</summary>
    [Range(1, 50, ErrorMessage = "StreamVault:Bot:PollTimeoutSeconds must be from 1 to 50.")]
    public int PollTimeoutSeconds { get; set; } = 30;

    /// <summary>Least time between two edits of a job's status message.</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(3);

    public const string WebhookPath = "/bot/webhook";

    public bool Enabled => !string.IsNullOrWhiteSpace(Token);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        // Telegram's tokens are "<bot id>:<secret>"; a mangled one would fail every call with 401 and nothing else.
        if (Token!.Split(':') is not [var id, { Length: > 0 }] || !long.TryParse(id, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            yield return new ValidationResult("StreamVault:Bot:Token must look like \"123456789:AA...\" (the token @BotFather gave).", [nameof(Token)]);
        }

        if (OwnerId is not > 0)
        {
            yield return new ValidationResult("StreamVault:Bot:OwnerId must be your Telegram user id (a positive number; @userinfobot tells it) when a bot token is set.", [nameof(OwnerId)]);
        }

        if (AdminIds.Any(a => a <= 0))
        {
            yield return new ValidationResult("StreamVault:Bot:AdminIds must be Telegram user ids (positive numbers).", [nameof(AdminIds)]);
        }

        if (!IsHttpUrl(ApiBaseUrl, out var api) || api.AbsolutePath != "/")
        {
            yield return new ValidationResult($"StreamVault:Bot:ApiBaseUrl \"{ApiBaseUrl}\" must be an http(s) address without a path, e.g. \"https://api.telegram.org\".", [nameof(ApiBaseUrl)]);
        }

        if (StatusInterval < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("StreamVault:Bot:StatusInterval must be at least 00:00:01 (Telegram counts edits against the chat's limit).", [nameof(StatusInterval)]);
        }

        if (Mode == BotMode.Webhook)
        {
            // Telegram's rule for secret_token: 1-256 characters, A-Z a-z 0-9 _ -.
            if (WebhookSecret is not { Length: >= 16 and <= 256 } secret || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                yield return new ValidationResult("StreamVault:Bot:WebhookSecret must be 16 to 256 characters of A-Z, a-z, 0-9, _ and - in webhook mode; generate one with `openssl rand -hex 32`.", [nameof(WebhookSecret)]);
            }

            if (WebhookUrl is not null && !IsHttpUrl(WebhookUrl, out _))
            {
                yield return new ValidationResult($"StreamVault:Bot:WebhookUrl \"{WebhookUrl}\" must be an absolute https address.", [nameof(WebhookUrl)]);
            }
        }
    }

    private static bool IsHttpUrl(string? value, [NotNullWhen(true)] out Uri? uri) =>
        Uri.TryCreate(value, UriKind.Absolute, out uri) && uri.Scheme is "http" or "https";
}
