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
