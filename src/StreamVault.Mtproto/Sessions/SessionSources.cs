namespace StreamVault.Mtproto.Sessions;

/// <summary>One session found in an input, or why there is none. <see cref="Source"/> names where it came from without quoting the secret.</summary>
public sealed record SessionSource(string Source, ForeignSession? Session, string? Error);

/// <summary>
/// Turns what an operator hands over into sessions: an SQLite <c>.session</c> file, a text file with one string
/// session a line (blank lines and <c>#</c> comments skipped), or the string itself.
/// </summary>
public static class SessionSources
{
    public static IReadOnlyList<SessionSource> Read(string argument, string label)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (File.Exists(argument))
        {
            var name = Path.GetFileName(argument);
            if (SessionFiles.IsSqlite(argument))
            {
                return [Parse(name, () => SessionFiles.Read(argument))];
            }

            return FromLines(name, File.ReadAllLines(argument));
        }

        return [Parse(label, () => SessionStrings.Parse(argument))];
    }

    /// <summary>
    /// An uploaded file by its name and bytes: an SQLite <c>.session</c> file (read from a private temporary copy, since
    /// SQLite reads files, and deleted at once) or a text file of string sessions.
    /// </summary>
    public static IReadOnlyList<SessionSource> FromFile(string name, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (content.StartsWith("SQLite format 3\0"u8))
        {
            var folder = Directory.CreateTempSubdirectory("sv-session-");
            try
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }

                // Named as uploaded, so a message about the file names it as the operator knows it.
                var path = Path.Combine(folder.FullName, SafeFileName(name));
                File.WriteAllBytes(path, content.ToArray());
                return [Parse(name, () => SessionFiles.Read(path))];
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }

        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return [new SessionSource(name, null, "neither an SQLite .session file nor text")];
        }

        return FromLines(name, text.Split('\n'));
    }

    private static string SafeFileName(string name)
    {
        var file = Path.GetFileName(name);
        var safe = new string([.. file.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')]).TrimStart('.');
        return safe.Length is > 0 and <= 100 ? safe : "upload.session";
    }

    public static IReadOnlyList<SessionSource> FromLines(string name, IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var found = new List<SessionSource>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            var text = line.Trim();
            if (text.Length > 0 && text[0] != '#')
            {
                found.Add(Parse($"{name} line {number}", () => SessionStrings.Parse(text)));
            }
        }

        return found.Count > 0 ? found : [new SessionSource(name, null, "no session string in it")];
    }

    private static SessionSource Parse(string source, Func<ForeignSession> parse)
    {
        try
        {
            return new SessionSource(source, parse(), null);
        }
        catch (ForeignSessionFormatException e)
        {
            return new SessionSource(source, null, e.Message);
        }
    }
}
