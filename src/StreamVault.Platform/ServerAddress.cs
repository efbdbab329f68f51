using System.Text.Json;

namespace StreamVault.Platform;

/// <summary>
/// The address `serve` last listened on, kept in data/server.json, so `admin-link` (another process, maybe started
/// while the server runs elsewhere on the machine) and the manager bot's `/login` print a link to the real server instead
/// of a guess.
/// </summary>
public static class ServerAddress
{
    private const string FileName = "server.json";

    public static void Record(StreamVaultOptions options, string address)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.PathInData(FileName);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(new Recorded(Reachable(address))));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>PublicBaseUrl when set (what people use, behind a proxy too), else the recorded listen address, else null.</summary>
    public static string? ForLinks(StreamVaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PublicBaseUrl is { } configured)
        {
            return configured;
        }

        try
        {
            return JsonSerializer.Deserialize<Recorded>(File.ReadAllText(options.PathInData(FileName)))?.Address;
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A wildcard listen address is not one a browser can open; the same port on loopback is.</summary>
    public static string Reachable(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://[::]:", "://127.0.0.1:", StringComparison.Ordinal);
    }

    private sealed record Recorded(string Address);
}
