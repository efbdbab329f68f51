namespace StreamVault.Catalog.Takedown;

/// <summary>What one layer removed: items (media files, slices, files, cache entries, parts) and their bytes, and what
/// it could not remove.</summary>
public sealed record LayerReport(string Layer, int Items, long Bytes, IReadOnlyList<string> Failures);

/// <summary>The kill switch's answer: every layer's count, in the order they were purged.</summary>
public sealed record TakedownReport(string TitleId, string TitleName, string Actor, string Reason, bool SourceDeleted, IReadOnlyList<LayerReport> Layers)
{
    public IReadOnlyList<string> Failures => [.. Layers.SelectMany(l => l.Failures.Select(f => $"{l.Layer}: {f}"))];
}

/// <summary>A title a name could mean.</summary>
public sealed record TitleCandidate(string Id, string Name, int? Year, bool Removed);

/// <summary>Either a report, or why nothing was taken down (unknown target, or an ambiguous name and its candidates).</summary>
public sealed record TakedownOutcome(TakedownReport? Report, string? Problem, IReadOnlyList<TitleCandidate> Candidates);

/// <summary>Which title a takedown target names, before anything is removed: what a front end asks the operator to
/// confirm. <see cref="Title"/> is null with a <see cref="Problem"/> (and candidates for an ambiguous name).</summary>
public sealed record TakedownChoice(TitleCandidate? Title, string? Problem, IReadOnlyList<TitleCandidate> Candidates);
