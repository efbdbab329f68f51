using System.Globalization;
using System.Security;
using System.Text;

namespace StreamVault.Site;

/// <summary>
/// A generated placeholder poster: a two-hue gradient picked from the title's public id (stable per title, varied
/// across titles) with the title's initials. Text is XML-escaped; nothing from the name can become markup.
/// </summary>
public static class PosterSvg
{
    public static string Render(string publicId, string name, int? year)
    {
        ArgumentNullException.ThrowIfNull(publicId);
        var hash = Fnv1a(publicId);
        var hue1 = (int)(hash % 360);
        var hue2 = (hue1 + 40 + (int)(hash >> 16) % 80) % 360;
        var initials = SecurityElement.Escape(Initials(name));
        var caption = SecurityElement.Escape(year is null ? string.Empty : year.Value.ToString(CultureInfo.InvariantCulture));
        var label = SecurityElement.Escape(name);
        return string.Create(CultureInfo.InvariantCulture, $"""
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 600" width="400" height="600" role="img" aria-label="{label}">
              <defs>
                <linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
                  <stop offset="0" stop-color="hsl({hue1} 55% 32%)"/>
                  <stop offset="1" stop-color="hsl({hue2} 60% 14%)"/>
                </linearGradient>
                <radialGradient id="l" cx="0.3" cy="0.2" r="0.8">
                  <stop offset="0" stop-color="#fff" stop-opacity="0.18"/>
                  <stop offset="1" stop-color="#fff" stop-opacity="0"/>
                </radialGradient>
              </defs>
              <rect width="400" height="600" fill="url(#g)"/>
              <rect width="400" height="600" fill="url(#l)"/>
              <text x="200" y="330" text-anchor="middle" font-family="system-ui, sans-serif" font-size="150" font-weight="800" fill="#fff" fill-opacity="0.92">{initials}</text>
              <text x="200" y="540" text-anchor="middle" font-family="system-ui, sans-serif" font-size="36" fill="#fff" fill-opacity="0.7">{caption}</text>
            </svg>
            """);
    }

    public static string Initials(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var letters = new StringBuilder(2);
        foreach (var word in name.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var first = word.FirstOrDefault(char.IsLetterOrDigit);
            if (first != default)
            {
                letters.Append(char.ToUpperInvariant(first));
            }

            if (letters.Length == 2)
            {
                break;
            }
        }

        return letters.Length == 0 ? "?" : letters.ToString();
    }

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
