using System.Diagnostics;
using System.Net;
using StreamVault.Server.Tests.Infrastructure;

namespace StreamVault.Server.Tests.Cli;

/// <summary>The README's first steps work as written: data in ./data of the folder the command starts in, relative paths
/// from there, the admin link on the address the server really listens on, a clean banner and a favicon.</summary>
public sealed class NewcomerPathTests
{
    private static readonly string Film = Ingest.MediaOnlyIngestTests.DemoFilm;

    [Fact]
    public async Task Dotnet_run_keeps_data_and_reads_relative_paths_in_the_directory_it_was_started_in()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Combine("in"));
        File.Copy(Film, folder.Combine("in", "Film.2020.webm"));
        var project = Path.Combine(RepositoryRoot(), "src", "StreamVault.Server");
        var projectData = Path.Combine(project, "data");
        var projectDataExisted = Directory.Exists(projectData);

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "run", "--project", project, "-c", "Release", "--no-build", "--", "ingest", Path.Combine("in", "Film.2020.webm") })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var run = Process.Start(start)!;
        var output = run.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = run.StandardError.ReadToEndAsync(timeout.Token);
        await run.WaitForExitAsync(timeout.Token);

        Assert.True(run.ExitCode == 0, await output + await errors);
        Assert.Contains("1 added", await output, StringComparison.Ordinal);
        Assert.True(File.Exists(folder.Combine("data", "catalog.db")), "the catalogue is not in ./data of the working directory");
        Assert.Equal(projectDataExisted, Directory.Exists(projectData));
    }

    [Fact]
    public async Task Ingest_resolves_relative_paths_and_the_default_data_folder_from_its_working_directory()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Combine("in"));
        File.Copy(Film, folder.Combine("in", "Film.2020.webm"));

        var result = await CliProcess.RunInAsync(folder.Path, null, null, "ingest", "in");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("1 added", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(folder.Combine("data", "catalog.db")));
    }

    [Fact]
    public async Task Serve_prints_one_clean_banner_and_admin_link_uses_the_address_it_listens_on()
    {
        using var folder = new TempFolder();
        var data = folder.Combine("data");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var serve = CliProcess.StartIn(null, data, new Dictionary<string, string> { ["STREAMVAULT__CATALOG__DEMOTITLES"] = "false" }, "serve", "--urls", "http://127.0.0.1:0");

        var banner = await serve.WaitForLineAsync("StreamVault is running at", timeout.Token);
        await serve.WaitForLineAsync("Admin sign-in", timeout.Token);
        var address = banner.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4];
        Assert.Matches("^http://127\\.0\\.0\\.1:[1-9][0-9]*$", address);
        Assert.DoesNotContain("Now listening on", serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Application started", serve.Output, StringComparison.Ordinal);

        var link = await CliProcess.RunAsync(data, "admin-link");

        Assert.True(link.ExitCode == 0, link.Output);
        Assert.StartsWith(address + "/signin/", link.Output.Trim(), StringComparison.Ordinal);
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var signIn = await client.GetAsync(link.Output.Trim(), timeout.Token);
        Assert.NotEqual(HttpStatusCode.NotFound, signIn.StatusCode);
    }

    [Fact]
    public async Task Admin_link_without_a_known_address_says_how_to_set_it()
    {
        using var folder = new TempFolder();

        var link = await CliProcess.RunAsync(folder.Combine("data"), "admin-link");

        Assert.Equal(0, link.ExitCode);
        Assert.Contains("/signin/", link.Output, StringComparison.Ordinal);
        Assert.Contains("StreamVault:PublicBaseUrl", link.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("http://127.0.0.1:8080", link.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_site_has_a_favicon()
    {
        await using var app = await TestApp.StartAsync();

        using var icon = await app.Client.GetAsync("/favicon.ico");
        var home = await app.Client.GetStringAsync("/");

        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await icon.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Matches("<link rel=\"icon\" href=\"[^\"]+\"", home);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StreamVault.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("StreamVault.slnx not found above " + AppContext.BaseDirectory);
    }
}
