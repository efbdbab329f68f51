using System.Reflection;
using System.Runtime.CompilerServices;

namespace StreamVault.Architecture.Tests;

public sealed class ModuleRulesTests
{
    private static readonly string[] ProductionAssemblies =
        [.. ModuleRules.Layers.Keys.Select(name => name == "StreamVault.Server" ? "streamvault" : name)];

    [Fact]
    public void Project_references_in_src_keep_the_layers()
    {
        var testing = Repository.In("testing").Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var graph = Repository.In("src").ToDictionary(p => p.Name, p => (IReadOnlyCollection<string>)p.ProjectReferences, StringComparer.Ordinal);

        Assert.Equal(ModuleRules.Layers.Keys.Order(), graph.Keys.Order());
        Assert.Empty(ModuleRules.Violations(graph, testing));
    }

    [Fact]
    public void Compiled_assemblies_keep_the_layers()
    {
        // What the compiler kept is what runs: a reference through a transitive project shows here even when the
        // .csproj does not name it.
        var testing = Repository.In("testing").Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var graph = ProductionAssemblies.Select(Assembly.Load).ToDictionary(
            ProjectName,
            a => (IReadOnlyCollection<string>)[.. a.GetReferencedAssemblies().Select(r => r.Name!).Where(IsOurs).Select(n => n == "streamvault" ? "StreamVault.Server" : n)],
            StringComparer.Ordinal);

        Assert.Empty(ModuleRules.Violations(graph, testing));
    }

    [Fact]
    public void No_production_project_uses_a_test_package()
    {
        var offenders = Repository.In("src")
            .SelectMany(p => p.PackageReferences.Where(IsTestPackage).Select(package => $"{p.Name} → {package}"))
            .Concat(ProductionAssemblies.Select(Assembly.Load)
                .SelectMany(a => a.GetReferencedAssemblies().Where(r => IsTestPackage(r.Name!)).Select(r => $"{a.GetName().Name} → {r.Name}")))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void No_production_assembly_opens_its_internals_to_a_test_double()
    {
        // A test double reaches production code through the public seams a third-party vault would use, so the
        // public path is the tested one.
        var testing = Repository.In("testing").Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var friends = ProductionAssemblies.Select(Assembly.Load)
            .SelectMany(a => a.GetCustomAttributes<InternalsVisibleToAttribute>().Where(f => testing.Contains(f.AssemblyName) && !ModuleRules.AllowedTestingFriends.Contains((ProjectName(a), f.AssemblyName))).Select(f => $"{ProjectName(a)} → {f.AssemblyName}"))
            .ToList();

        Assert.NotEmpty(testing);
        Assert.Empty(friends);
    }

    [Fact]
    public void Every_type_lives_under_its_assembly_namespace()
    {
        var strays = ProductionAssemblies.Select(Assembly.Load)
            .SelectMany(a => a.GetTypes().Where(IsDeclaredInSource).Where(t => !InNamespace(t.Namespace, ProjectName(a))).Select(t => $"{ProjectName(a)}: {t.FullName}"))
            .ToList();

        Assert.Empty(strays);
    }

    [Fact]
    public void The_server_holds_only_the_host_and_the_command_line()
    {
        var server = Assembly.Load("streamvault");
        var namespaces = server.GetTypes().Where(IsDeclaredInSource).Select(t => t.Namespace).Distinct().Order().ToList();

        Assert.Equal(["StreamVault.Server.Cli", "StreamVault.Server.Hosting"], namespaces);
    }

    [Fact]
    public void The_rules_catch_sideways_upward_standalone_and_test_double_references()
    {
        var graph = new Dictionary<string, IReadOnlyCollection<string>>
        {
            ["StreamVault.Delivery"] = ["StreamVault.Catalog", "StreamVault.Artwork"],
            ["StreamVault.Catalog"] = ["StreamVault.Data", "StreamVault.Site"],
            ["StreamVault.Mtproto"] = ["StreamVault.Vaults"],
            ["StreamVault.Vaults"] = ["StreamVault.Core", "StreamVault.Simulation"],
            ["StreamVault.Server"] = ["StreamVault.Site", "StreamVault.Simulation"],
            ["StreamVault.Newcomer"] = [],
        };

        var violations = ModuleRules.Violations(graph, new HashSet<string> { "StreamVault.Simulation" });

        Assert.Collection(
            violations,
            v => Assert.Contains("StreamVault.Delivery references StreamVault.Artwork sideways", v, StringComparison.Ordinal),
            v => Assert.Contains("StreamVault.Catalog (Catalog) references StreamVault.Site (FrontEnd), a higher layer", v, StringComparison.Ordinal),
            v => Assert.Contains("StreamVault.Mtproto stands alone", v, StringComparison.Ordinal),
            v => Assert.Contains("StreamVault.Vaults references the test double StreamVault.Simulation", v, StringComparison.Ordinal),
            v => Assert.Contains("StreamVault.Newcomer is not placed in a layer", v, StringComparison.Ordinal));
    }

    private static bool IsOurs(string name) => name.StartsWith("StreamVault.", StringComparison.Ordinal) || name == "streamvault";

    private static bool IsTestPackage(string name) =>
        ModuleRules.TestPackages.Any(p => name.Equals(p, StringComparison.OrdinalIgnoreCase) || name.StartsWith(p + ".", StringComparison.OrdinalIgnoreCase));

    private static string ProjectName(Assembly assembly) => assembly.GetName().Name == "streamvault" ? "StreamVault.Server" : assembly.GetName().Name!;

    private static bool InNamespace(string? ns, string root) => ns is not null && (ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal));

    /// <summary>Types written by people: not compiler-generated (closures, Razor's generated documents, embedded
    /// attributes), and not the top-level-statement Program.</summary>
    private static bool IsDeclaredInSource(Type type) =>
        type.GetCustomAttribute<CompilerGeneratedAttribute>() is null
        && type.Namespace is not null
        && !type.Namespace.StartsWith("Microsoft.", StringComparison.Ordinal)
        && !type.Namespace.StartsWith("System.", StringComparison.Ordinal)
        && type.Namespace != "AspNetCoreGeneratedDocument"
        && !type.IsNested;
}
