using StreamVault.Catalog.Ingest;

namespace StreamVault.Catalog.Demo;

/// <summary>
/// Small samples shipped with the server (generated once with ffmpeg from its test sources: VP9/Opus WebM, which every
/// browser plays): a film in two qualities and a two-episode series, with English (and one Portuguese) subtitles.
/// They make a fresh install show something that plays; they are ordinary titles, removable like any other.
/// </summary>
public static class DemoLibrary
{
    public static string MediaFolder => Path.Combine(AppContext.BaseDirectory, "Demo", "media");

    public static async Task<int> AddAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(MediaFolder))
        {
            return 0;
        }

        await using var scope = services.CreateAsyncScope();
        var ingest = scope.ServiceProvider.GetRequiredService<IngestService>();
        var added = 0;
        foreach (var file in IngestService.ExpandPaths([MediaFolder]))
        {
            var result = await ingest.IngestFileAsync(file, null, cancellationToken);
            if (result.Outcome == IngestOutcome.Added)
            {
                added++;
            }
        }

        return added;
    }
}
