namespace StreamVault.Architecture.Tests;

/// <summary>
/// Who may reference whom. Layers, bottom up: the kernel (engine libraries, data, shared platform), the catalogue
/// module, feature modules (delivery, artwork, accounts), front ends (site, admin, the manager bot), and the host. A
/// project may reference its own layer's kernel neighbours and any lower layer, never a module of its own layer
/// ("sideways"): modules talk through seams the lower layer defines (IContentPurger, IMediaIngestedHandler).
/// </summary>
public static class ModuleRules
{
    public enum Layer
    {
        Kernel,
        Catalog,
        Feature,
        FrontEnd,
        Host,
    }

    public static readonly IReadOnlyDictionary<string, Layer> Layers = new Dictionary<string, Layer>(StringComparer.Ordinal)
    {
        ["StreamVault.Core"] = Layer.Kernel,
        ["StreamVault.Web.Ranges"] = Layer.Kernel,
        ["StreamVault.Mtproto"] = Layer.Kernel,
        ["StreamVault.Vaults"] = Layer.Kernel,
        ["StreamVault.Vaults.Telegram"] = Layer.Kernel,
        ["StreamVault.Data"] = Layer.Kernel,
        ["StreamVault.Platform"] = Layer.Kernel,
        ["StreamVault.Catalog"] = Layer.Catalog,
        ["StreamVault.Delivery"] = Layer.Feature,
        ["StreamVault.Artwork"] = Layer.Feature,
        ["StreamVault.Accounts"] = Layer.Feature,
        ["StreamVault.Site"] = Layer.FrontEnd,
        ["StreamVault.Admin"] = Layer.FrontEnd,
        ["StreamVault.Bot"] = Layer.FrontEnd,
        ["StreamVault.Server"] = Layer.Host,
    };

    /// <summary>Kernel libraries that stand alone: the MTProto client knows nothing of StreamVault, Core is pure.</summary>
    public static readonly IReadOnlySet<string> Standalone = new HashSet<string>(StringComparer.Ordinal) { "StreamVault.Core", "StreamVault.Mtproto" };

    /// <summary>Test doubles a production project may reference: the host offers the simulated Telegram vault for
    /// trials and load tests (StreamVault:Vaults:Default = simulated-telegram). Nothing else.</summary>
    public static readonly IReadOnlySet<(string From, string To)> AllowedTestingReferences = new HashSet<(string, string)> { ("StreamVault.Server", "StreamVault.Simulation") };

    /// <summary>Test doubles a production assembly may open its internals to: the MTProto test server is the other end
    /// of the protocol and shares the library's codec and crypto (message framing, AES-IGE, the DH checks) rather than
    /// keeping a second copy. Nothing else.</summary>
    public static readonly IReadOnlySet<(string From, string To)> AllowedTestingFriends = new HashSet<(string, string)> { ("StreamVault.Mtproto", "StreamVault.Mtproto.TestServer") };

    /// <summary>Packages that exist only for tests.</summary>
    public static readonly IReadOnlyList<string> TestPackages = ["xunit", "Microsoft.NET.Test.Sdk", "Microsoft.Extensions.TimeProvider.Testing", "Microsoft.Playwright", "coverlet", "Moq", "NSubstitute"];

    /// <summary>Every broken rule in a reference graph of production projects (name to referenced names);
    /// <paramref name="testing"/> names the projects under testing/.</summary>
    public static IReadOnlyList<string> Violations(IReadOnlyDictionary<string, IReadOnlyCollection<string>> references, IReadOnlySet<string> testing)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(testing);
        var violations = new List<string>();
        foreach (var (from, targets) in references)
        {
            if (!Layers.TryGetValue(from, out var fromLayer))
            {
                violations.Add($"{from} is not placed in a layer: add it to ModuleRules.Layers.");
                continue;
            }

            foreach (var to in targets)
            {
                if (testing.Contains(to))
                {
                    if (!AllowedTestingReferences.Contains((from, to)))
                    {
                        violations.Add($"{from} references the test double {to}.");
                    }

                    continue;
                }

                if (!Layers.TryGetValue(to, out var toLayer))
                {
                    violations.Add($"{from} references {to}, which is not a production project.");
                }
                else if (Standalone.Contains(from))
                {
                    violations.Add($"{from} stands alone but references {to}.");
                }
                else if (toLayer > fromLayer)
                {
                    violations.Add($"{from} ({fromLayer}) references {to} ({toLayer}), a higher layer.");
                }
                else if (toLayer == fromLayer && fromLayer != Layer.Kernel)
                {
                    violations.Add($"{from} references {to} sideways (both {fromLayer}): use a seam in a lower layer.");
                }
            }
        }

        return violations;
    }
}
