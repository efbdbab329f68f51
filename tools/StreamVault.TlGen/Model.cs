namespace StreamVault.TlGen;

internal sealed record TlParam(string Name, string Type, string? FlagField, int FlagBit);

internal sealed record TlCombinator(string Name, uint Id, List<TlParam> Params, string ResultType, bool IsFunction, bool IsMtproto, string? GenericParam);
