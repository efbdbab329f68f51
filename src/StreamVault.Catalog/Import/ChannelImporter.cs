using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StreamVault.Catalog.Jobs;
using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Vaults.Channels;

namespace StreamVault.Catalog.Import;

/// <summary>How an import ended. <see cref="Cursor"/>: every message up to it has been looked at; it is the newest
/// message (ids past it are read again next time: they may be posted later).</summary>
public sealed record ChannelImportResult(string Channel, int Added, int AlreadyPresent, int Skipped, int Cursor, int Newest)
{
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"@{Channel}: {Added} added, {AlreadyPresent} already in the catalogue, {Skipped} skipped (not video), read up to message {Cursor}");
}

/// <summary>A problem the operator can fix (a bad channel name, no channel vault): shown as one line, never a trace.</summary>
public sealed class ChannelImportException : Exception
{
    public ChannelImportException()
    {
    }

    public ChannelImportException(string message)
        : base(message)
    {
    }

    public ChannelImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Indexes a channel that already holds video posts, without re-uploading: bots cannot call messages.getHistory, so
/// messages are read by id, 100 per channels.getMessages, through the vault's swarm within its budget. The newest id is
/// found by galloping upward in windows of 100 ids and bisecting (deleted runs answer messageEmpty, so one empty id
/// proves nothing). After each batch the cursor is saved, so an interrupted import resumes where it stopped; a split
/// upload still waiting for its next part holds the cursor before its first part. Re-importing adds nothing.
/// </summary>
public sealed class ChannelImporter(CatalogDbContext db, IEnumerable<IChannelPostReader> readers, ChannelPostCatalogue catalogue, TimeProvider time)
{
    private const int Window = IChannelPostReader.MaxIdsPerCall;

    /// <summary>Telegram's message ids are positive 32-bit numbers: galloping stops short of the top.</summary>
    private const int HighestId = int.MaxValue - (2 * Window);

    /// <summary>The reader of the channel vault, or why there is none.</summary>
    internal IChannelPostReader Reader() => readers.FirstOrDefault()
        ?? throw new ChannelImportException("Channel import needs the Telegram vault: set StreamVault:Vaults:Default to telegram and add a session with `streamvault session add`.");

    /// <summary>The channel's row, created (with the cursor at 0) on first use.</summary>
    public async Task<ChannelImport> ChannelAsync(string channelText, CancellationToken cancellationToken)
    {
        var (username, error) = ChannelReference.Parse(channelText);
        if (username is null)
        {
            throw new ChannelImportException(error!);
        }

        var reader = Reader();
        ChannelInfo channel;
        try
        {
            channel = await reader.ResolveAsync(username, cancellationToken);
        }
        catch (ChannelNotFoundException ex)
        {
            throw new ChannelImportException(ex.Message, ex);
        }

        var row = await db.ChannelImports.FirstOrDefaultAsync(c => c.VaultId == reader.VaultId && c.ChannelId == channel.Id, cancellationToken);
        if (row is null)
        {
            var now = time.GetUtcNow().UtcDateTime;
            row = new ChannelImport { VaultId = reader.VaultId, ChannelId = channel.Id, Username = channel.Username, CreatedAt = now, UpdatedAt = now };
            db.ChannelImports.Add(row);
            await db.SaveChangesAsync(cancellationToken);
        }
        else if (!string.Equals(row.Username, channel.Username, StringComparison.Ordinal))
        {
            row.Username = channel.Username; // renamed: the locators' name is looked up again by each session
            await db.SaveChangesAsync(cancellationToken);
        }

        return row;
    }

    public async Task<ChannelImportResult> ImportAsync(string channelText, int? fromId, IJobProgress? progress, CancellationToken cancellationToken)
    {
        if (fromId is < 1)
        {
            throw new ChannelImportException("--from-id must be a message id of 1 or more.");
        }

        progress?.Report("finding the channel");
        var row = await ChannelAsync(channelText, cancellationToken);
        var reader = Reader();
        var channel = new ChannelInfo(reader.VaultId, row.ChannelId, row.Username, row.Username);
        var start = fromId is { } from ? from - 1 : row.Cursor;
        progress?.Report($"@{row.Username}: finding the newest post");
        var (newest, end) = await FindNewestAsync(reader, channel, start, cancellationToken);
        row.NewestSeen = Math.Max(row.NewestSeen, newest);
        await db.SaveChangesAsync(cancellationToken);

        int added = 0, present = 0, skipped = 0;
        var pending = new List<ChannelPost>(); // the split upload being gathered
        SplitUploadName? pendingName = null;

        async Task FlushAsync()
        {
            if (pending.Count > 0)
            {
                Count((await catalogue.AddAsync(row, [.. pending], cancellationToken)).Outcome);
                pending.Clear();
                pendingName = null;
            }
        }

        void Count(PostOutcome outcome)
        {
            switch (outcome)
            {
                case PostOutcome.Added:
                    added++;
                    row.ImportedCount++;
                    break;
                case PostOutcome.AlreadyPresent:
                    present++;
                    break;
                default:
                    skipped++;
                    row.SkippedCount++;
                    break;
            }
        }

        var next = start + 1;
        while (next <= end)
        {
            var last = Math.Min(end, next + Window - 1);
            var posts = await reader.ReadAsync(channel, [.. Enumerable.Range(next, last - next + 1)], cancellationToken);
            foreach (var post in posts.OfType<ChannelPost>())
            {
                newest = Math.Max(newest, post.MessageId);
                var part = SplitUploadName.Parse(post.Document?.FileName);
                if (part is not null && pendingName is not null && part.WholeName == pendingName.WholeName && part.Number == pendingName.Number + 1)
                {
                    pending.Add(post);
                    pendingName = part;
                    continue;
                }

                await FlushAsync();
                if (part is { Number: 1 })
                {
                    pending.Add(post);
                    pendingName = part;
                }
                else if (part is not null)
                {
                    Count(PostOutcome.Skipped); // a later part without its first: nothing playable
                }
                else
                {
                    Count((await catalogue.AddAsync(row, [post], cancellationToken)).Outcome);
                }
            }

            // A post near the end of what was scanned: the channel may have grown while we read.
            if (last == end && posts.Skip(Math.Max(0, posts.Count - 10)).Any(p => p is not null) && end < HighestId)
            {
                end += Window;
            }

            // Empty ids below the newest message are deletions and stay behind the cursor; empty ids past it are
            // messages not posted yet, which the next import must still read.
            var cursor = pending.Count > 0 ? pending[0].MessageId - 1 : Math.Min(last, newest);
            await SaveAsync(row, cursor, newest, cancellationToken);
            progress?.Report(
                string.Create(CultureInfo.InvariantCulture, $"@{row.Username}: message {last} of about {newest}: {added} added, {present} already there, {skipped} skipped"),
                newest <= start ? null : (double)(last - start) / Math.Max(1, newest - start));
            next = last + 1;
        }

        await FlushAsync();
        await SaveAsync(row, newest, newest, cancellationToken);
        return new ChannelImportResult(row.Username, added, present, skipped, row.Cursor, newest);
    }

    private async Task SaveAsync(ChannelImport row, int cursor, int newest, CancellationToken cancellationToken)
    {
        row.Cursor = Math.Max(row.Cursor, cursor);
        row.NewestSeen = Math.Max(row.NewestSeen, newest);
        row.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The newest message id above <paramref name="floor"/> as far as windows of 100 ids can tell, and the id up to
    /// which the import must read. Windows at floor+1, +100, +300, +700, ... (doubling) until one is all empty, then a
    /// bisection between the last window with a message and that one. A run of more than a window of deleted ids
    /// between two probes is still read by the scan, which covers everything up to the end returned.
    /// </summary>
    internal static async Task<(int Newest, int End)> FindNewestAsync(IChannelPostReader reader, ChannelInfo channel, int floor, CancellationToken cancellationToken)
    {
        async Task<int?> NewestInWindowAsync(int from)
        {
            var posts = await reader.ReadAsync(channel, [.. Enumerable.Range(from, Window)], cancellationToken);
            return posts.OfType<ChannelPost>().Select(p => (int?)p.MessageId).Max();
        }

        var newest = floor;
        long step = Window;
        int emptyFrom;
        while (true)
        {
            var from = (int)Math.Min(HighestId, floor + 1 + step - Window);
            if (await NewestInWindowAsync(from) is { } found)
            {
                newest = Math.Max(newest, found);
                if (from >= HighestId)
                {
                    return (newest, HighestId + Window - 1);
                }

                step *= 2;
                continue;
            }

            emptyFrom = from;
            break;
        }

        var low = newest + 1;
        var high = emptyFrom;
        while (high - low > Window)
        {
            var middle = low + ((high - low) / 2);
            if (await NewestInWindowAsync(middle) is { } found)
            {
                newest = Math.Max(newest, found);
                low = Math.Max(low, found + 1);
            }
            else
            {
                high = middle;
            }
        }

        return (newest, Math.Max(newest, high + Window - 1));
    }
}
