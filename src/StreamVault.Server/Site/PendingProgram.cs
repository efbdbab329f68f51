using StreamVault.Data;
using StreamVault.Data.Entities;
using StreamVault.Server.Site;
using StreamVault.Server.Streaming;

// TEMPORARY: a stand-in host until main's skeleton (Program.cs, IMediaLinks) is merged; deleted at merge.
namespace StreamVault.Server
{
    internal static class PendingProgram
    {
        public static async Task Main(string[] args)
        {
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCatalogSqlite(builder.Configuration["Db"] ?? "site-dev.db");
            builder.Services.AddSingleton<IMediaLinks, FakeLinks>();
            builder.Services.AddSite();
            var app = builder.Build();
            await app.Services.MigrateCatalogAsync();
            app.MapSite();
            await app.RunAsync();
        }

        private sealed class FakeLinks : IMediaLinks
        {
            public string Play(MediaFile file) => $"/stream/play-{file.PublicId}";

            public string Download(MediaFile file) => $"/stream/dl-{file.PublicId}";

            public string Subtitle(Subtitle subtitle) => $"/stream/sub-{subtitle.PublicId}";
        }
    }
}
