using System.Globalization;
using System.Text;
using StreamVault.Vaults.Swarm;

namespace StreamVault.Bot.Commands;

/// <summary>/workers: each Telegram session of the swarm — state (benched by a FLOOD_WAIT until when), rate, flood
/// waits, failures.</summary>
internal sealed class WorkersCommand(IServiceProvider services, TimeProvider time) : IBotCommand
{
    public string Name => "workers";

    public string Usage => "/workers";

    public string Description => "Each Telegram session: state, rate, flood waits";

    public bool OwnerOnly => false;

    public bool PrivateChatOnly => false;

    public Task ExecuteAsync(BotCommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var swarms = services.GetService<ISwarmMonitor>()?.Snapshot() ?? [];
        if (swarms.Sum(s => s.Sessions.Count) == 0)
        {
            return context.ReplyAsync("No Telegram sessions: the vault does not use a swarm. Add one with `streamvault session add`.", cancellationToken);
        }

        var now = time.GetUtcNow();
        var text = new StringBuilder();
        foreach (var swarm in swarms)
        {
            text.Append(CultureInfo.InvariantCulture, $"Vault {swarm.VaultId}: {swarm.QueuedDemand} waiting, {swarm.QueuedReadAhead} read-ahead queued, {swarm.SpareBudget * 100:0}% budget spare\n");
            foreach (var s in swarm.Sessions)
            {
                text.Append(CultureInfo.InvariantCulture, $"• {s.Id} (DC {s.Dc}): {s.StateText(now)}, {s.RequestsPerSecond:0.#} req/s allowed, {s.RequestsLastSecond} last second, {s.InFlight} in flight, {s.Requests} requests, {s.FloodWaits} flood waits, {s.Failures} failures\n");
            }
        }

        return context.ReplyAsync(text.ToString().TrimEnd(), cancellationToken);
    }
}
