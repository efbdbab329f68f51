namespace StreamVault.Mtproto.Tl;

/// <summary>One message inside a msg_container (bare "message" type).</summary>
public sealed record ContainerMessage(long MsgId, int SeqNo, ReadOnlyMemory<byte> Body);

/// <summary>msg_container#73f1f8dc; body objects are kept raw so the session can parse rpc_result bodies with the right function.</summary>
public sealed class MsgContainer : TlObject
{
    public override uint ConstructorId => TlSchema.MsgContainerId;

    public IList<ContainerMessage> Messages { get; } = new List<ContainerMessage>();

    public override void WriteBare(TlWriter w)
    {
        w.WriteInt(Messages.Count);
        foreach (var m in Messages)
        {
            w.WriteLong(m.MsgId);
            w.WriteInt(m.SeqNo);
            w.WriteInt(m.Body.Length);
            w.WriteRaw(m.Body.Span);
        }
    }

    public static MsgContainer ReadBare(TlReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var c = new MsgContainer();
        var n = r.ReadInt();
        if (n < 0 || n > 1024)
        {
            throw new TlException("invalid container size");
        }

        for (var i = 0; i < n; i++)
        {
            var id = r.ReadLong();
            var seq = r.ReadInt();
            var len = r.ReadInt();
            if ((len & 3) != 0)
            {
                throw new TlException("container message length not a multiple of 4");
            }

            c.Messages.Add(new ContainerMessage(id, seq, r.ReadRawMemory(len)));
        }
        return c;
    }
}

/// <summary>rpc_result#f35c6d01; the result stays raw until matched with its request.</summary>
public sealed class RpcResult : TlObject
{
    public override uint ConstructorId => TlSchema.RpcResultId;

    public long ReqMsgId { get; set; }

    public ReadOnlyMemory<byte> Result { get; set; }

    public override void WriteBare(TlWriter w)
    {
        w.WriteLong(ReqMsgId);
        w.WriteRaw(Result.Span);
    }

    public static RpcResult ReadBare(TlReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var id = r.ReadLong();
        return new RpcResult { ReqMsgId = id, Result = r.ReadRawMemory(r.Remaining) };
    }
}
