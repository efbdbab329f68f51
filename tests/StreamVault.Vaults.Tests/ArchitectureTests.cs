namespace StreamVault.Vaults.Tests;

public sealed class ArchitectureTests
{
    [Fact]
    public void The_vaults_assembly_does_not_reference_the_simulation()
    {
        // Production code must never ask a simulator how to behave: it cannot, if it cannot see the assembly.
        var references = typeof(IVault).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("StreamVault.Core", references);
        Assert.DoesNotContain("StreamVault.Simulation", references);
        Assert.DoesNotContain(typeof(IVault).Assembly.GetTypes(), t => t.Namespace?.Contains("Simulat", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void The_simulation_sees_only_the_public_seams_of_the_vaults()
    {
        // The simulated vault registers and builds its swarm the way a third-party vault would, so the public path is the tested one.
        var friends = typeof(IVault).Assembly.GetCustomAttributes(typeof(System.Runtime.CompilerServices.InternalsVisibleToAttribute), false)
            .Cast<System.Runtime.CompilerServices.InternalsVisibleToAttribute>()
            .Select(a => a.AssemblyName);

        Assert.DoesNotContain("StreamVault.Simulation", friends);
    }

    [Fact]
    public void The_simulation_lives_in_its_own_assembly()
    {
        var simulation = typeof(Simulation.VirtualTimeLoop).Assembly;

        Assert.Equal("StreamVault.Simulation", simulation.GetName().Name);
        Assert.Contains(simulation.GetReferencedAssemblies(), a => a.Name == typeof(IVault).Assembly.GetName().Name);
        Assert.NotNull(simulation.GetType("StreamVault.Simulation.SimulatedTelegramVault"));
    }
}
