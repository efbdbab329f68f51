using Microsoft.EntityFrameworkCore;
using StreamVault.Data;
using StreamVault.Vaults.Channels;

namespace StreamVault.Catalog.Import;

/// <summary>
/// Keeps the catalogue in step with channels marked for auto-index. Fed by the watcher (which reads the channels
/// through the swarm) and, later, by the manager bot's <c>channel_post</c> / <c>edited_channel_post</c> updates. Channels
/// are Telegram's ids (the Bot API's -100… prefix removed); posts of channels not marked are ignored.
/// </summary>
public interface IChannelPostIndexer
{
    /// <summary>A post appeared: the channel is read from its cursor, so a split upload's parts are joined.</summary>
    Task OnPostedAsync(long channelId, int messageId, CancellationToken cancellationToken);

    /// <summary>A post was edited: a replaced or removed document tombstones the old entry and indexes the new one.</summary>
    Task OnEditedAsync(long channelId, int messageId, CancellationToken cancellationToken);

    /// <summary>Posts were deleted: their entries become tombstones (410).</summary>
    Task OnDeletedAsync(long channelId, IReadOnlyList<int> messageIds, CancellationToken cancellationToken);
}

/// <summary>Turns auto-index on or off for a channel (the bot's <c>/index on|off</c>, the CLI's <c>channels index</c>).</summary>
public sealed class ChannelIndexing(CatalogDbContext db, ChannelImporter importer)
{
    public async Task<string> SetAsync(string channelText, bool on, CancellationToken cancellationToken)
    {
        var row = await importer.ChannelAsync(channelText, cancellationToken);
        row.AutoIndex = on;
        await db.SaveChangesAsync(cancellationToken);
        return on ? $"@{row.Username}: new, edited and deleted posts are indexed from now on" : $"@{row.Username}: auto-index is off";
    }
}

internal sealed class ChannelPostIndexer(IServiceScopeFactory scopes) : IChannelPostIndexer, IDisposable
{
    // One pass per channel at a time: the watcher and the bot may report the same post at once.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task OnPostedAsync(long channelId, int messageId, CancellationToken cancellationToken) =>
        WithChannelAsync(channelId, async (services, row) =>
        {
            if (messageId > row.Cursor)
            {
                await services.GetRequiredService<ChannelImporter>().ImportAsync(row.Username, null, null, cancellationToken);
            }
        }, cancellationToken);

    public Task OnEditedAsync(long channelId, int messageId, CancellationToken cancellationToken) =>
        WithChannelAsync(channelId, async (services, row) =>
        {
            var db = services.GetRequiredService<CatalogDbContext>();
            var catalogue = services.GetRequiredService<ChannelPostCatalogue>();
            var reader = services.GetRequiredService<ChannelImporter>().Reader();
            var post = (await reader.ReadAsync(new ChannelInfo(row.VaultId, row.ChannelId, row.Username, row.Username), [messageId], cancellationToken))[0];
            var indexed = await db.ImportedPosts.Where(p => p.ChannelImportId == row.Id && p.MessageId == messageId)
                .Select(p => p.MediaFile!.Fingerprint).FirstOrDefaultAsync(cancellationToken);
            var now = post?.Document is { } document ? ChannelPostCatalogue.Fingerprint(document) : null;
            if (indexed == now)
            {
                return; // a caption edit: the entry keeps the name it was grouped under
            }

            if (indexed is not null)
            {
                await catalogue.TombstoneAsync(row, messageId, cancellationToken);
                await db.ImportedPosts.Where(p => p.ChannelImportId == row.Id && p.MessageId == messageId).ExecuteDeleteAsync(cancellationToken);
            }

            if (post is not null && messageId <= row.Cursor)
            {
                await catalogue.AddAsync(row, [post], cancellationToken);
            }
        }, cancellationToken);

    public Task OnDeletedAsync(long channelId, IReadOnlyList<int> messageIds, CancellationToken cancellationToken) =>
        WithChannelAsync(channelId, async (services, row) =>
        {
            var catalogue = services.GetRequiredService<ChannelPostCatalogue>();
            foreach (var id in messageIds)
            {
                await catalogue.TombstoneAsync(row, id, cancellationToken);
            }
        }, cancellationToken);

    /// <summary>
    /// One look at every channel marked for auto-index: new posts past the cursor are imported, and the posts already
    /// indexed are read again (100 ids per call) so the ones deleted since become tombstones. Edits are not seen by
    /// polling (a bot's edited_channel_post reaches <see cref="OnEditedAsync"/>).
    /// </summary>
    public async Task PollAsync(CancellationToken cancellationToken)
    {
        List<long> channels;
        await using (var scope = scopes.CreateAsyncScope())
        {
            channels = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().ChannelImports
                .Where(c => c.AutoIndex).Select(c => c.ChannelId).ToListAsync(cancellationToken);
        }

        foreach (var channelId in channels)
        {
            await WithChannelAsync(channelId, async (services, row) =>
            {
                await services.GetRequiredService<ChannelImporter>().ImportAsync(row.Username, null, null, cancellationToken);
                var db = services.GetRequiredService<CatalogDbContext>();
                var live = await db.ImportedPosts.Where(p => p.ChannelImportId == row.Id && p.MediaFile!.RemovedAt == null)
                    .OrderBy(p => p.MessageId).Select(p => p.MessageId).ToListAsync(cancellationToken);
                var reader = services.GetRequiredService<ChannelImporter>().Reader();
                var channel = new ChannelInfo(row.VaultId, row.ChannelId, row.Username, row.Username);
                var catalogue = services.GetRequiredService<ChannelPostCatalogue>();
                foreach (var batch in live.Chunk(IChannelPostReader.MaxIdsPerCall))
                {
                    var posts = await reader.ReadAsync(channel, batch, cancellationToken);
                    foreach (var (id, post) in batch.Zip(posts))
                    {
                        if (post?.Document is null)
                        {
                            await catalogue.TombstoneAsync(row, id, cancellationToken);
                        }
                    }
                }
            }, cancellationToken);
        }
    }

    private async Task WithChannelAsync(long channelId, Func<IServiceProvider, Data.Entities.ChannelImport, Task> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var row = await db.ChannelImports.FirstOrDefaultAsync(c => c.ChannelId == channelId && c.AutoIndex, cancellationToken);
            if (row is not null)
            {
                await work(scope.ServiceProvider, row);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
