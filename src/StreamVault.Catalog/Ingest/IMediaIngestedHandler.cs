namespace StreamVault.Catalog.Ingest;

/// <summary>A media file that has just been added: its source on this machine, its public id and what ffprobe found.</summary>
public sealed record IngestedMedia(string SourcePath, string MediaPublicId, ProbeResult? Facts);

/// <summary>
/// Work another module does when a file is ingested, while its source is still local (artwork draws poster frames and
/// seek thumbnails). A handler must not fail the ingest: the file is in the catalogue already.
/// </summary>
public interface IMediaIngestedHandler
{
    Task OnIngestedAsync(IngestedMedia media, CancellationToken cancellationToken);
}
