namespace StreamVault.Site.Reports;

// View models of the Report form and the contact page. Paths are site-relative, written into the HTML as they are.
#pragma warning disable CA1054, CA1056

/// <summary>The Report form of one title: empty, or what the visitor typed with the reason it was refused.</summary>
public sealed record ReportFormModel(string TitleName, string TitleUrl, string Action, ReportForm Form, string? Error = null);

/// <summary>What the visitor typed, shown again when the form is refused.</summary>
public sealed record ReportForm(string Reason, string Details, string Contact);

/// <summary>The page after a report was accepted (or added to the visitor's earlier one).</summary>
public sealed record ReportSentModel(string Heading, string Message, string TitleName, string TitleUrl);

/// <summary>The contact / DMCA page: the operator's address when one is configured.</summary>
public sealed record ContactModel(string? Email);
#pragma warning restore CA1054, CA1056
