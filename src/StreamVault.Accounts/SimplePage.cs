using System.Net;

namespace StreamVault.Accounts;

/// <summary>A minimal standalone page for messages outside the site layout (sign-in results). The message body is
/// trusted markup from our own code; the title is encoded.</summary>
internal static class SimplePage
{
    public static string Render(string title, string trustedBodyHtml) =>
        $$"""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>{{WebUtility.HtmlEncode(title)}} · StreamVault</title>
        <style>body{font-family:system-ui,sans-serif;background:#0b0d12;color:#e8eaf0;display:grid;place-items:center;min-height:100vh;margin:0}main{max-width:32rem;padding:2rem;background:#161a23;border-radius:12px}a{color:#8ab4ff}</style>
        </head><body><main><h1>{{WebUtility.HtmlEncode(title)}}</h1><p>{{trustedBodyHtml}}</p><p><a href="/">Back to StreamVault</a></p></main></body></html>
        """;
}
