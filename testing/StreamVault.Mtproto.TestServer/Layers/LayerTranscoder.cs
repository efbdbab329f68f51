using System.Buffers.Binary;
using StreamVault.Mtproto.Tl;

namespace StreamVault.Mtproto.TestServer.Layers;

/// <summary>A constructor id the schema does not know; <see cref="TopLevel"/> when it is the method itself.</summary>
internal sealed class UnknownConstructorException(uint id, bool topLevel, int layer)
    : Exception($"constructor 0x{id:x8} is not in layer {layer}")
{
    public uint Id { get; } = id;

    public bool TopLevel { get; } = topLevel;
}

/// <summary>An object that has no form in the target layer (its constructor is missing, or a new required field has no default).</summary>
internal sealed class LayerTranscodeException(string message) : Exception(message);

/// <summary>
/// Re-encodes TL data from one layer's schema into another's by constructor name: fields are matched by name, flags
/// are recomputed, fields the target lacks are dropped and required fields new in the target get their type's zero
/// (0, "", empty vector, boolFalse). Only the constructors that actually occur need to exist in both layers.
/// </summary>
internal static class LayerTranscoder
{
    private const uint VectorId = TlSchema.VectorId;

    /// <summary>A boxed object (a request, with its nested query for invokeWithLayer/initConnection).</summary>
    public static byte[] TranscodeObject(ReadOnlyMemory<byte> boxed, LayerSchema from, LayerSchema to)
        => Transcode(boxed, "Object", from, to);

    /// <summary>A value of TL type <paramref name="type"/> (a method's result type, as results are not self-describing).</summary>
    public static byte[] Transcode(ReadOnlyMemory<byte> data, string type, LayerSchema from, LayerSchema to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var value = new Decoder(data, from).Read(type);
        var w = new TlWriter(data.Length + 64);
        new Encoder(w, to).Write(value, type);
        return w.ToArray();
    }

    /// <summary>Walks a boxed object against a schema, throwing <see cref="UnknownConstructorException"/> or <see cref="TlException"/> where it does not fit.</summary>
    public static void Validate(ReadOnlyMemory<byte> boxed, LayerSchema schema) => new Decoder(boxed, schema).Read("Object");

    private abstract record Value;

    /// <summary>A primitive kept in its serialized form (ints, longs, doubles, int128/256, TL strings and bytes).</summary>
    private sealed record RawValue(ReadOnlyMemory<byte> Bytes, string Type) : Value;

    private sealed record BoolValue(bool Flag) : Value;

    private sealed record TrueValue : Value
    {
        public static readonly TrueValue Instance = new();
    }

    private sealed record VectorValue(List<Value> Items) : Value;

    private sealed record ObjectValue(string Name, Dictionary<string, Value> Fields) : Value;

    private static bool IsBare(string type)
    {
        if (type.StartsWith('%') || type.StartsWith("vector<", StringComparison.Ordinal))
        {
            return true;
        }

        var last = type[(type.LastIndexOf('.') + 1)..];
        return last.Length > 0 && char.IsLower(last[0]) && !IsPrimitive(type);
    }

    private static bool IsPrimitive(string type) => type is "int" or "long" or "double" or "int128" or "int256" or "string" or "bytes" or "true";

    private static string ElementType(string vectorType) => vectorType[(vectorType.IndexOf('<', StringComparison.Ordinal) + 1)..^1];

    private static string FieldType(LayerArg a) => a.Type is "!X" or "X" ? "Object" : a.Type;

    private sealed class Decoder(ReadOnlyMemory<byte> buffer, LayerSchema schema)
    {
        private readonly TlReader _r = new(buffer);
        private bool _topLevel = true;

        public Value Read(string type)
        {
            switch (type)
            {
                case "int":
                    return Raw(4, type);
                case "long":
                case "double":
                    return Raw(8, type);
                case "int128":
                    return Raw(16, type);
                case "int256":
                    return Raw(32, type);
                case "string":
                case "bytes":
                    var start = _r.Position;
                    _r.ReadBytesMemory();
                    return new RawValue(buffer[start.._r.Position], type);
                case "true":
                    return TrueValue.Instance;
            }

            if (IsBare(type))
            {
                return type.StartsWith("vector<", StringComparison.Ordinal) ? ReadVectorItems(ElementType(type)) : ReadBare(BareCombinator(type));
            }

            var id = _r.ReadUInt();
            if (id == TlSchema.GzipPackedId)
            {
                var unpacked = TlSchema.Gunzip(_r.ReadBytes());
                return new Decoder(unpacked, schema) { _topLevel = _topLevel }.Read(type);
            }

            if (id is TlSchema.BoolTrue or TlSchema.BoolFalse && type is "Bool" or "Object")
            {
                return new BoolValue(id == TlSchema.BoolTrue);
            }

            if (type.StartsWith("Vector<", StringComparison.Ordinal))
            {
                return id == VectorId ? ReadVectorItems(ElementType(type)) : throw new TlException($"expected vector, got 0x{id:x8}");
            }

            if (!schema.ById.TryGetValue(id, out var c))
            {
                throw new UnknownConstructorException(id, _topLevel, schema.Layer);
            }

            return ReadBare(c);
        }

        private LayerCombinator BareCombinator(string type)
        {
            var name = type.TrimStart('%');
            if (schema.ByName.TryGetValue(name, out var c))
            {
                return c;
            }

            return schema.ByType.TryGetValue(name, out var cs) && cs.Length == 1 ? cs[0] : throw new TlException($"unknown bare type {type}");
        }

        private RawValue Raw(int n, string type) => new(_r.ReadRawMemory(n), type);

        private VectorValue ReadVectorItems(string element)
        {
            var n = _r.ReadInt();
            if (n < 0 || n > _r.Remaining)
            {
                throw new TlException("invalid vector length");
            }

            var items = new List<Value>(n);
            for (var i = 0; i < n; i++)
            {
                items.Add(Read(element));
            }

            return new VectorValue(items);
        }

        private ObjectValue ReadBare(LayerCombinator c)
        {
            _topLevel = false;
            var fields = new Dictionary<string, Value>(c.Args.Length, StringComparer.Ordinal);
            var flags = new Dictionary<string, uint>(StringComparer.Ordinal);
            foreach (var a in c.Args)
            {
                if (a.Type == "#")
                {
                    flags[a.Name] = _r.ReadUInt();
                }
                else if (a.FlagField is not { } f || (flags.GetValueOrDefault(f) & (1u << a.FlagBit)) != 0)
                {
                    fields[a.Name] = Read(FieldType(a));
                }
            }

            return new ObjectValue(c.Name, fields);
        }
    }

    private sealed class Encoder(TlWriter w, LayerSchema schema)
    {
        public void Write(Value value, string type)
        {
            switch (value)
            {
                case RawValue raw:
                    WriteRaw(raw, type);
                    break;
                case BoolValue b when type != "true":
                    w.WriteBool(b.Flag); // a Bool that became a flag is carried by the flags word alone
                    break;
                case TrueValue when type == "Bool":
                    w.WriteBool(true); // a flag that became a Bool
                    break;
                case VectorValue v:
                    WriteVector(v, type);
                    break;
                case ObjectValue o:
                    WriteObject(o, IsBare(type));
                    break;
            }
        }

        private void WriteVector(VectorValue v, string type)
        {
            if (!IsBare(type))
            {
                w.WriteUInt(VectorId);
            }

            var element = type.Contains('<', StringComparison.Ordinal) ? ElementType(type) : "Object";
            w.WriteInt(v.Items.Count);
            foreach (var item in v.Items)
            {
                Write(item, element);
            }
        }

        private void WriteRaw(RawValue raw, string type)
        {
            if (raw.Type == type || (raw.Type is "string" or "bytes" && type is "string" or "bytes"))
            {
                w.WriteRaw(raw.Bytes.Span);
                return;
            }

            // A field can change width between layers (ids went from int to long in layer 133).
            switch ((raw.Type, type))
            {
                case ("int", "long"):
                    w.WriteLong(BinaryPrimitives.ReadInt32LittleEndian(raw.Bytes.Span));
                    return;
                case ("long", "int"):
                    var v = BinaryPrimitives.ReadInt64LittleEndian(raw.Bytes.Span);
                    w.WriteInt(v is >= int.MinValue and <= int.MaxValue ? (int)v : throw new LayerTranscodeException($"{v} does not fit the int of layer {schema.Layer}"));
                    return;
                default:
                    throw new LayerTranscodeException($"a {raw.Type} cannot become a {type} in layer {schema.Layer}");
            }
        }

        private void WriteObject(ObjectValue o, bool bare)
        {
            if (!schema.ByName.TryGetValue(o.Name, out var c))
            {
                throw new LayerTranscodeException($"constructor {o.Name} does not exist in layer {schema.Layer}");
            }

            if (!bare)
            {
                w.WriteUInt(c.Id);
            }

            var flags = new Dictionary<string, uint>(StringComparer.Ordinal);
            foreach (var a in c.Args)
            {
                if (a.FlagField is { } f && IsPresent(o, a))
                {
                    flags[f] = flags.GetValueOrDefault(f) | (1u << a.FlagBit);
                }
            }

            foreach (var a in c.Args)
            {
                if (a.Type == "#")
                {
                    w.WriteUInt(flags.GetValueOrDefault(a.Name));
                }
                else if (a.FlagField is null && !o.Fields.ContainsKey(a.Name))
                {
                    WriteDefault(a, c);
                }
                else if (a.FlagField is null || IsPresent(o, a))
                {
                    Write(o.Fields[a.Name], FieldType(a));
                }
            }
        }

        /// <summary>Whether a flags.N? field is set: present, and for a "true" flag, true.</summary>
        private static bool IsPresent(ObjectValue o, LayerArg a)
            => o.Fields.TryGetValue(a.Name, out var v) && (a.Type != "true" || v is TrueValue or BoolValue { Flag: true });

        /// <summary>A required field the source layer did not have: its type's zero, which is what Telegram means by "unset".</summary>
        private void WriteDefault(LayerArg a, LayerCombinator c)
        {
            switch (a.Type)
            {
                case "int":
                    w.WriteInt(0);
                    break;
                case "long":
                    w.WriteLong(0);
                    break;
                case "double":
                    w.WriteDouble(0);
                    break;
                case "int128":
                case "int256":
                    w.WriteRaw(new byte[a.Type == "int128" ? 16 : 32]);
                    break;
                case "string":
                case "bytes":
                    w.WriteBytes([]);
                    break;
                case "Bool":
                    w.WriteBool(false);
                    break;
                case var t when t.StartsWith("Vector<", StringComparison.Ordinal):
                    w.WriteUInt(VectorId);
                    w.WriteInt(0);
                    break;
                default:
                    throw new LayerTranscodeException($"{c.Name}.{a.Name} ({a.Type}) is required in layer {schema.Layer} and has no default");
            }
        }
    }
}
