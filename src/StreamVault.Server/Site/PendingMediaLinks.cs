using StreamVault.Data.Entities;

// TEMPORARY: mirrors the lead's announced contract until main's skeleton is merged; deleted at merge.
namespace StreamVault.Server.Streaming
{
    public interface IMediaLinks
    {
        string Play(MediaFile file);

        string Download(MediaFile file);

        string Subtitle(Subtitle subtitle);
    }
}
