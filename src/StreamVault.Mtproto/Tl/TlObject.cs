namespace StreamVault.Mtproto.Tl;

/// <summary>A boxed TL value: constructor id followed by its bare serialization.</summary>
public abstract class TlObject
{
    public abstract uint ConstructorId { get; }

    public abstract void WriteBare(TlWriter w);

    public void Write(TlWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteUInt(ConstructorId);
        WriteBare(w);
    }

    public byte[] Serialize()
    {
        var w = new TlWriter();
        Write(w);
        return w.ToArray();
    }
}

/// <summary>An RPC function; knows how to read its own result because TL results are not self-describing (bare vectors of longs).</summary>
public abstract class TlFunction : TlObject
{
    public abstract object ReadResult(TlReader r);
}

public abstract class TlFunction<TResult> : TlFunction
{
    public override object ReadResult(TlReader r) => ReadTypedResult(r)!;

    public abstract TResult ReadTypedResult(TlReader r);
}
