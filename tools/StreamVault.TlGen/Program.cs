// Reads mtproto.tl + api.tl and writes the C# TL types used by StreamVault.Mtproto.
// Only the constructors/functions reachable from a fixed root set are emitted, to keep the
// generated file (and compile times) small; see src/StreamVault.Mtproto/README.md.
using System.Globalization;
using System.Text;
using StreamVault.TlGen;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: TlGen <mtproto.tl> <api.tl> <output.cs>");
    return 2;
}

var mt = TlParser.Parse(File.ReadAllLines(args[0]), isMtproto: true);
var api = TlParser.Parse(File.ReadAllLines(args[1]), isMtproto: false);
var layer = File.ReadAllLines(args[1]).Select(l => l.Trim()).Where(l => l.StartsWith("// LAYER ", StringComparison.Ordinal))
    .Select(l => int.Parse(l[9..], CultureInfo.InvariantCulture)).LastOrDefault();

string[] apiRoots =
[
    "invokeWithLayer", "initConnection", "help.getConfig", "auth.sendCode", "auth.signIn", "auth.importBotAuthorization",
    "auth.checkPassword", "auth.exportAuthorization", "auth.importAuthorization", "account.getPassword",
    "upload.getFile", "upload.saveBigFilePart", "upload.saveFilePart", "messages.sendMedia", "channels.getMessages",
    "channels.deleteMessages", "messages.getHistory", "contacts.resolveUsername", "users.getUsers",
    // wrappers stock clients put around their calls (mtcute: invokeWithoutUpdates when updates are off)
    "invokeWithoutUpdates",
];
var all = mt.Concat(api).ToList();
var selected = Closure.Select(all, mt.Where(c => c.Id != 0).Select(c => c.Name).Concat(apiRoots));
var code = Emitter.Emit(selected, layer);
File.WriteAllText(args[2], code, new UTF8Encoding(false));
Console.WriteLine($"layer {layer}: {selected.Count(c => !c.IsFunction)} constructors, {selected.Count(c => c.IsFunction)} functions -> {args[2]}");
return 0;
