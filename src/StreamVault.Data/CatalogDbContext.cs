using Microsoft.EntityFrameworkCore;
using StreamVault.Data.Entities;

namespace StreamVault.Data;

/// <summary>The catalogue. Kept provider-neutral (no SQLite- or PostgreSQL-only column types) so both run the same model.</summary>
public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public DbSet<Title> Titles => Set<Title>();

    public DbSet<Season> Seasons => Set<Season>();

    public DbSet<Episode> Episodes => Set<Episode>();

    public DbSet<MediaFile> MediaFiles => Set<MediaFile>();

    public DbSet<MediaReplica> Replicas => Set<MediaReplica>();

    public DbSet<ReplicaPart> ReplicaParts => Set<ReplicaPart>();

    public DbSet<Subtitle> Subtitles => Set<Subtitle>();

    public DbSet<User> Users => Set<User>();

    public DbSet<SignInToken> SignInTokens => Set<SignInToken>();

    public DbSet<AppSetting> Settings => Set<AppSetting>();

    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    public DbSet<ChannelImport> ChannelImports => Set<ChannelImport>();

    public DbSet<ImportedPost> ImportedPosts => Set<ImportedPost>();

    public DbSet<BotAdmin> BotAdmins => Set<BotAdmin>();

    public DbSet<AbuseReport> AbuseReports => Set<AbuseReport>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<Title>(title =>
        {
            title.HasIndex(t => t.PublicId).IsUnique();
            title.HasIndex(t => new { t.Kind, t.NormalizedName, t.Year });
            title.HasIndex(t => t.CreatedAt);
            title.Property(t => t.PublicId).HasMaxLength(32);
            title.Property(t => t.Name).HasMaxLength(512);
            title.Property(t => t.NormalizedName).HasMaxLength(512);
            title.Property(t => t.Slug).HasMaxLength(160);
            title.Property(t => t.Overview).HasMaxLength(8000);
            title.HasMany(t => t.Seasons).WithOne(s => s.Title).HasForeignKey(s => s.TitleId).OnDelete(DeleteBehavior.Cascade);
            title.HasMany(t => t.MediaFiles).WithOne(m => m.Title).HasForeignKey(m => m.TitleId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Season>(season =>
        {
            season.HasIndex(s => new { s.TitleId, s.Number }).IsUnique();
            season.HasMany(s => s.Episodes).WithOne(e => e.Season).HasForeignKey(e => e.SeasonId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Episode>(episode =>
        {
            episode.HasIndex(e => new { e.SeasonId, e.Number }).IsUnique();
            episode.Property(e => e.Name).HasMaxLength(512);
            episode.HasMany(e => e.MediaFiles).WithOne(m => m.Episode).HasForeignKey(m => m.EpisodeId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<MediaFile>(file =>
        {
            file.HasIndex(m => m.PublicId).IsUnique();
            file.HasIndex(m => m.Fingerprint).IsUnique();
            file.HasIndex(m => new { m.TitleId, m.Quality });
            file.Property(m => m.PublicId).HasMaxLength(32);
            file.Property(m => m.OriginalName).HasMaxLength(1024);
            file.Property(m => m.Fingerprint).HasMaxLength(96);
            file.Property(m => m.Container).HasMaxLength(16);
            file.Property(m => m.MirrorUrl).HasMaxLength(2000);
            // uint is not portable across providers; the CRC is stored as its non-negative long value.
            file.Property(m => m.Crc32).HasConversion(v => (long)v, v => (uint)v);
            file.HasMany(m => m.Replicas).WithOne(r => r.MediaFile).HasForeignKey(r => r.MediaFileId).OnDelete(DeleteBehavior.Cascade);
            file.HasMany(m => m.Subtitles).WithOne(s => s.MediaFile).HasForeignKey(s => s.MediaFileId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<MediaReplica>(replica =>
        {
            replica.Property(r => r.VaultId).HasMaxLength(64);
            replica.HasMany(r => r.Parts).WithOne().HasForeignKey(p => p.ReplicaId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ReplicaPart>(part =>
        {
            part.HasIndex(p => new { p.ReplicaId, p.Index }).IsUnique();
            part.Property(p => p.Locator).HasMaxLength(512);
        });

        modelBuilder.Entity<Subtitle>(subtitle =>
        {
            subtitle.HasIndex(s => s.PublicId).IsUnique();
            subtitle.Property(s => s.Language).HasMaxLength(35);
            subtitle.Property(s => s.Format).HasMaxLength(8);
            subtitle.Property(s => s.VaultId).HasMaxLength(64);
            subtitle.Property(s => s.Locator).HasMaxLength(512);
        });

        modelBuilder.Entity<User>(user => user.HasIndex(u => u.PublicId).IsUnique());

        modelBuilder.Entity<SignInToken>(token =>
        {
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.Property(t => t.TokenHash).HasMaxLength(64);
        });

        modelBuilder.Entity<AppSetting>(setting =>
        {
            setting.HasKey(s => s.Key);
            setting.Property(s => s.Key).HasMaxLength(128);
        });

        modelBuilder.Entity<AuditEntry>(audit => audit.HasIndex(a => a.At));

        modelBuilder.Entity<ChannelImport>(import =>
        {
            import.HasIndex(i => new { i.VaultId, i.ChannelId }).IsUnique();
            import.Property(i => i.VaultId).HasMaxLength(64);
            import.Property(i => i.Username).HasMaxLength(32);
            import.HasMany(i => i.Posts).WithOne().HasForeignKey(p => p.ChannelImportId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ImportedPost>(post =>
        {
            post.HasIndex(p => new { p.ChannelImportId, p.MessageId }).IsUnique();
            post.HasOne(p => p.MediaFile).WithMany().HasForeignKey(p => p.MediaFileId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<BotAdmin>(admin =>
        {
            admin.HasKey(a => a.TelegramUserId);
            admin.Property(a => a.TelegramUserId).ValueGeneratedNever();
        });

        modelBuilder.Entity<AbuseReport>(report =>
        {
            report.HasIndex(r => r.PublicId).IsUnique();
            report.HasIndex(r => new { r.Status, r.CreatedAt });
            report.HasIndex(r => r.TitleId);
            report.HasIndex(r => new { r.RequesterKey, r.CreatedAt });
            report.HasOne(r => r.Title).WithMany().HasForeignKey(r => r.TitleId).OnDelete(DeleteBehavior.Cascade);
            report.Property(r => r.PublicId).HasMaxLength(16);
            report.Property(r => r.Reason).HasConversion<string>().HasMaxLength(16);
            report.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            report.Property(r => r.Details).HasMaxLength(AbuseReport.DetailsMaxLength * 4);
            report.Property(r => r.Contact).HasMaxLength(AbuseReport.ContactMaxLength);
            report.Property(r => r.RequesterKey).HasMaxLength(64);
            report.Property(r => r.DecidedBy).HasMaxLength(128);
            report.Property(r => r.DecisionNote).HasMaxLength(AbuseReport.DetailsMaxLength);
        });
    }
}
