using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamVault.Web.Ranges.Memory;
using StreamVault.Web.Ranges.Sendfile;

namespace StreamVault.Web.Ranges.Tests;

/// <summary>A real Kestrel on 127.0.0.1 with an ephemeral port, running one request delegate for every path.</summary>
public sealed class KestrelHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelHost(WebApplication app, Uri baseAddress, ErrorLog errors)
    {
        _app = app;
        BaseAddress = baseAddress;
        Errors = errors;
    }

    public Uri BaseAddress { get; }

    /// <summary>Every Warning-or-worse log entry the app wrote, to prove disconnects stay quiet.</summary>
    public ErrorLog Errors { get; }

    public static async Task<KestrelHost> StartAsync(RequestDelegate handler, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        // The connections the StreamVault server runs: file ranges go out with sendfile(2).
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => listen.UseSendfile(32 * 1024)));
        // The connection memory the StreamVault server runs, so range answers are proven on its block sizes.
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, SizedBlockMemoryPool.Factory>();
        var errors = new ErrorLog();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(errors);
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new KestrelHost(app, new Uri(address), errors);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed class ErrorLog : ILoggerProvider
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(ErrorLog log, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    log.Entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
                }
            }
        }
    }
}
