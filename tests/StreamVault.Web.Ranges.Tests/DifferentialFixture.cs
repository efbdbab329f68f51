using System.Net;
using Microsoft.AspNetCore.Http;
using StreamVault.Web.Ranges.Http;

namespace StreamVault.Web.Ranges.Tests;

/// <summary>
/// One nginx and one Kestrel app serving the same folder: a 3 MiB + 17 byte random file and an empty file,
/// both with a fixed mtime. The app uses the validators nginx computes (ETag "hex mtime-hex size",
/// Last-Modified = mtime) through <see cref="RangeFileRepresentation.ForFile"/>.
/// </summary>
public sealed class DifferentialFixture : IAsyncLifetime
{
    public const string SampleName = "sample.mp4";
    public const string EmptyName = "empty.mp4";
    public const int SampleLength = (3 * 1024 * 1024) + 17;

    /// <summary>The files' mtime; whole seconds, as nginx keeps it.</summary>
    public static readonly DateTime Modified = new(2024, 5, 7, 8, 9, 10, DateTimeKind.Utc);

    private NginxServer? _nginx;
    private KestrelHost? _app;

    public string Root { get; } = Directory.CreateTempSubdirectory("sv-ranges-").FullName;

    /// <summary>The sample file's bytes.</summary>
    public ReadOnlyMemory<byte> Sample => _sample;

    private readonly byte[] _sample = new byte[SampleLength];

    public NginxServer Nginx => _nginx ?? throw new InvalidOperationException("not started");

    public KestrelHost App => _app ?? throw new InvalidOperationException("not started");

    public HttpClient Client { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false, // a proxy from the environment must not sit between the test and loopback
        AutomaticDecompression = DecompressionMethods.None,
        AllowAutoRedirect = false,
    });

    public async Task InitializeAsync()
    {
        new Random(20261125).NextBytes(_sample);
        await File.WriteAllBytesAsync(Path.Combine(Root, SampleName), _sample);
        await File.WriteAllBytesAsync(Path.Combine(Root, EmptyName), []);
        foreach (var file in Directory.GetFiles(Root))
        {
            File.SetLastWriteTimeUtc(file, Modified);
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        // nginx's worker runs as 'nobody' when the tests run as root: it must be able to enter the folder.
        File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        _nginx = await NginxServer.StartAsync(Root, "video/mp4 mp4;");
        using (var probe = await Client.GetAsync(new Uri(_nginx.BaseAddress, EmptyName)))
        {
            if (probe.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"nginx answered {(int)probe.StatusCode} for a plain GET of {Root}/{EmptyName}: {_nginx.Log()}");
            }
        }

        _app = await KestrelHost.StartAsync(ServeFromRoot);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _nginx?.Dispose();
        Directory.Delete(Root, recursive: true);
    }

    private Task ServeFromRoot(HttpContext context)
    {
        var path = Path.Combine(Root, Path.GetFileName(context.Request.Path.Value ?? ""));
        if (!File.Exists(path))
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        }

        return RangeFileResult.PhysicalFile(path, RangeFileRepresentation.ForFile(path)).ExecuteAsync(context);
    }
}
