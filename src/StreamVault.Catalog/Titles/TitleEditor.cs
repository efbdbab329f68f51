using Microsoft.EntityFrameworkCore;
using StreamVault.Catalog.Ingest;
using StreamVault.Data;
using StreamVault.Data.Entities;

namespace StreamVault.Catalog.Titles;

/// <summary>What an operator may change about a title by hand; the files, seasons and episodes stay as ingest found them.</summary>
public sealed record TitleEdit(string? Name, string? Year, string? Overview);

public enum TitleEditOutcome
{
    Saved,
    Unchanged,
    Invalid,
    NotFound,
    Removed,
}

public sealed record TitleEditResult(TitleEditOutcome Outcome, string Message);

/// <summary>
/// Corrects a title's name, year and overview (a release name parsed badly, a missing year). The name's search form and
/// the slug follow the name by the same rules ingest uses, so search and links stay right; every change is audited.
/// </summary>
public sealed class TitleEditor(CatalogDbContext db, TimeProvider time)
{
    public const int MaxNameLength = 200;
    public const int MaxOverviewLength = 4000;

    // Films older than cinema or years typed with a digit too many are typing mistakes, not titles.
    public const int FirstYear = 1870;
    public const int LastYear = 2200;

    public async Task<TitleEditResult> EditAsync(string titlePublicId, TitleEdit edit, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var problem = Problem(edit, out var name, out var year, out var overview);
        if (problem is not null)
        {
            return new(TitleEditOutcome.Invalid, problem);
        }

        var title = await db.Titles.FirstOrDefaultAsync(t => t.PublicId == titlePublicId, cancellationToken);
        if (title is null)
        {
            return new(TitleEditOutcome.NotFound, "There is no such title.");
        }

        if (title.IsRemoved)
        {
            return new(TitleEditOutcome.Removed, "This title was taken down; a tombstone is not edited.");
        }

        var changes = new List<string>();
        if (!string.Equals(title.Name, name, StringComparison.Ordinal))
        {
            changes.Add($"name \"{title.Name}\" → \"{name}\"");
            title.Name = name;
            title.NormalizedName = CatalogWriter.Normalize(name);
        }

        if (title.Year != year)
        {
            changes.Add($"year {title.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} → {year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
            title.Year = year;
        }

        if (!string.Equals(title.Overview, overview, StringComparison.Ordinal))
        {
            changes.Add("overview");
            title.Overview = overview;
        }

        if (changes.Count == 0)
        {
            return new(TitleEditOutcome.Unchanged, "Nothing changed.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        title.Slug = CatalogWriter.Slugify(title.Name, title.Year);
        title.UpdatedAt = now;
        db.Audit.Add(new AuditEntry { At = now, Actor = actor, Action = "title.edit", Target = title.PublicId, Detail = string.Join("; ", changes) });
        await db.SaveChangesAsync(cancellationToken);
        return new(TitleEditOutcome.Saved, "Saved: " + string.Join("; ", changes) + ".");
    }

    private static string? Problem(TitleEdit edit, out string name, out int? year, out string? overview)
    {
        name = (edit.Name ?? string.Empty).Trim();
        overview = string.IsNullOrWhiteSpace(edit.Overview) ? null : edit.Overview.Trim().ReplaceLineEndings("\n");
        year = null;
        if (name.Length == 0)
        {
            return "A title needs a name.";
        }

        if (name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            return $"A name is one line of at most {MaxNameLength} characters.";
        }

        if (overview is { Length: > MaxOverviewLength })
        {
            return $"An overview is at most {MaxOverviewLength} characters.";
        }

        if (overview is not null && overview.Any(c => char.IsControl(c) && c != '\n'))
        {
            return "An overview cannot hold control characters.";
        }

        var yearText = edit.Year?.Trim();
        if (!string.IsNullOrEmpty(yearText))
        {
            if (!int.TryParse(yearText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) || parsed < FirstYear || parsed > LastYear)
            {
                return $"A year is a number from {FirstYear} to {LastYear}, or empty.";
            }

            year = parsed;
        }

        return null;
    }
}
