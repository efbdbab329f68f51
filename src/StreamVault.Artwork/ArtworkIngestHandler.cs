using StreamVault.Catalog.Ingest;

namespace StreamVault.Artwork;

/// <summary>Poster frame and seek thumbnails, drawn at ingest because the source is local now (a remote vault would
/// need a download later). Only for files ffprobe found a picture in; a failure is a logged warning.</summary>
internal sealed class ArtworkIngestHandler(ArtworkService artwork) : IMediaIngestedHandler
{
    public Task OnIngestedAsync(IngestedMedia media, CancellationToken cancellationToken) =>
        media.Facts?.Width is null || !artwork.CanDraw
            ? Task.CompletedTask
            : artwork.DrawAtIngestAsync(media.SourcePath, media.MediaPublicId, media.Facts.DurationSeconds, cancellationToken);
}
