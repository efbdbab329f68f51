namespace StreamVault.Platform;

/// <summary>
/// Work a module does once per process after the catalogue is migrated and before any request or command uses the
/// module (loading a generated secret, say). Registered with <c>TryAddEnumerable</c>; the host runs them in order.
/// </summary>
public interface IModuleInitializer
{
    Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken);
}
