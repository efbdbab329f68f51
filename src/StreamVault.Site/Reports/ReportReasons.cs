using StreamVault.Data.Entities;

namespace StreamVault.Site.Reports;

/// <summary>The reasons a visitor can give, as the form names them (a fixed word, never a number the enum would also
/// parse) and as people read them.</summary>
internal static class ReportReasons
{
    public static IReadOnlyList<ReportReason> All { get; } =
    [
        new(AbuseReason.Copyright, "copyright", "Copyright", "Copyright: it is my work, or I act for its owner"),
        new(AbuseReason.Illegal, "illegal", "Illegal", "Illegal content"),
        new(AbuseReason.Spam, "spam", "Spam", "Spam, or not what it says it is"),
        new(AbuseReason.Other, "other", "Other", "Something else"),
    ];

    public static AbuseReason? Parse(string name) => All.FirstOrDefault(r => r.Name == name)?.Reason;

    public static string Label(AbuseReason reason) => All.FirstOrDefault(r => r.Reason == reason)?.Label ?? reason.ToString();
}

internal sealed record ReportReason(AbuseReason Reason, string Name, string Label, string Description);
