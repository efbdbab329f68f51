using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StreamVault.Server.Tests.Infrastructure;

/// <summary>
/// A real nginx (Debian nginx-light, no purge module) in front of a test server with proxy_cache into
/// a cache folder (levels=1:2), keeping every 200 whatever the upstream's cache headers say, so a test
/// can see that a takedown leaves it no byte to serve. Missing nginx fails the test with the install command.
/// </summary>
public sealed class NginxCachingProxy : IDisposable
{
    private const string Binary = "/usr/sbin/nginx";

    private readonly Process _process;

    private NginxCachingProxy(string prefix, Process process, int port)
    {
        Prefix = prefix;
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public string Prefix { get; }

    public Uri BaseAddress { get; }

    public static async Task<NginxCachingProxy> StartAsync(Uri upstream, string cacheDirectory)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"nginx is required for the takedown test but {Binary} does not exist. Install it with 'apt-get install -y nginx-light'.");
        }

        var prefix = Directory.CreateTempSubdirectory("sv-nginx-cache-").FullName;
        Directory.CreateDirectory(cacheDirectory);
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        // As root nginx would run its worker as 'nobody', which cannot write a cache under /tmp folders made by root.
        var user = Environment.UserName == "root" ? "user root;" : "";
        var conf = $$"""
            {{user}}
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 128; }
            http {
                access_log off;
                client_body_temp_path {{prefix}}/client_body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
                proxy_cache_path {{cacheDirectory}} levels=1:2 keys_zone=sv:1m max_size=1g inactive=1h use_temp_path=off;
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass {{upstream.GetLeftPart(UriPartial.Authority)}};
                        proxy_cache sv;
                        proxy_cache_valid 200 1h;
                        proxy_ignore_headers Cache-Control Expires Set-Cookie Vary X-Accel-Expires;
                        proxy_hide_header Set-Cookie;
                    }
                }
            }
            """;
        var confPath = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(confPath, conf);
        var start = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-p", prefix, "-e", Path.Combine(prefix, "error.log"), "-c", confPath, "-g", "daemon off;" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        var proxy = new NginxCachingProxy(prefix, process, port);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()} {proxy.ErrorLog()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
                return proxy;
            }
            catch (SocketException)
            {
                await Task.Delay(50, timeout.Token);
            }
        }
    }

    public string ErrorLog()
    {
        var log = Path.Combine(Prefix, "error.log");
        return File.Exists(log) ? File.ReadAllText(log) : string.Empty;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(Prefix, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
