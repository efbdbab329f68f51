using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StreamVault.Web.Ranges.Tests;

/// <summary>
/// A real nginx (Debian nginx-light) serving <see cref="Root"/> on 127.0.0.1, in the foreground, from a private prefix.
/// Missing nginx is a test failure with instructions, never a skip: the differential is the point of these tests.
/// </summary>
public sealed class NginxServer : IDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NginxServer(string prefix, string root, int port, Process process)
    {
        Prefix = prefix;
        Root = root;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _process = process;
    }

    public string Prefix { get; }

    public string Root { get; }

    public Uri BaseAddress { get; }

    /// <summary>Starts nginx over <paramref name="root"/>; <paramref name="types"/> lines go into its <c>types {}</c> block.</summary>
    public static async Task<NginxServer> StartAsync(string root, string types, string binary = Binary)
    {
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException(
                $"nginx is required for the range differential tests but {binary} does not exist. Install it with 'apt-get install -y nginx-light'.");
        }

        var prefix = Directory.CreateTempSubdirectory("sv-nginx-").FullName;
        var port = FreePort();
        // Temp paths point into the prefix so nginx never touches /var/lib/nginx; 'if_modified_since before'
        // is the RFC 9110 §13.1.3 comparison (nginx's default 'exact' only answers 304 for the identical date).
        // As root, nginx would run its worker as 'nobody', which may not reach a TMPDIR under /root.
        var user = Environment.UserName == "root" ? "user root;" : "";
        var conf = $$"""
            {{user}}
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{prefix}}/client_body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
                types { {{types}} }
                default_type application/octet-stream;
                sendfile on;
                etag on;
                if_modified_since before;
                server_tokens off;
                server {
                    listen 127.0.0.1:{{port}};
                    server_name localhost;
                    root {{root}};
                    location / { }
                }
            }
            """;
        var confPath = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(confPath, conf);

        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-p", prefix, "-e", Path.Combine(prefix, "error.log"), "-c", confPath, "-g", "daemon off;" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        var server = new NginxServer(prefix, root, port, process);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await server.WaitUntilListeningAsync(port);
        return server;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Master and its worker, which is the master's child.
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

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {Log()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        Dispose();
        throw new InvalidOperationException($"nginx did not listen on {port} within 15 s: {Log()}");
    }

    /// <summary>nginx's own output and error log, for failure messages.</summary>
    public string Log()
    {
        var errorLog = Path.Combine(Prefix, "error.log");
        lock (_output)
        {
            return _output + (File.Exists(errorLog) ? File.ReadAllText(errorLog) : "");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
