using StreamVault.Mtproto.Tl;

namespace StreamVault.Mtproto.TestServer;

internal sealed class ServerRpcException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}

/// <summary>API methods of the fake Telegram. Returns the serialized result (or rpc_error) of one call.</summary>
internal sealed partial class RpcHandlers(ServerState state, int dcId)
{
    private const int PartSize = FileParts.UploadPartSize;

    /// <summary>Null when the call is scripted to stay unanswered.</summary>
    public byte[]? Invoke(AuthKeyInfo key, TlFunction f)
    {
        if (state.Faults.UnansweredMethods.Contains(MethodName(Unwrap(f))))
        {
            return null;
        }

        try
        {
            return Dispatch(key, f);
        }
        catch (ServerRpcException e)
        {
            return new RpcError { ErrorCode = e.Code, ErrorMessage = e.Message }.Serialize();
        }
    }

    private byte[] Dispatch(AuthKeyInfo key, TlFunction f)
    {
        switch (f)
        {
            case InvokeWithLayerRequest w:
                return Dispatch(key, w.Query);
            case InitConnectionRequest i:
                return Dispatch(key, i.Query);
            case InvokeWithoutUpdatesRequest u:
                return Dispatch(key, u.Query); // the server pushes no updates anyway
        }
        var name = MethodName(f);
        state.CallCounts.AddOrUpdate(name, 1, (_, n) => n + 1);
        CheckFlood(key, name);
        return f switch
        {
            Help_GetConfigRequest => GetConfig().Serialize(),
            Auth_ImportBotAuthorizationRequest r => ImportBot(key, r).Serialize(),
            Auth_ExportAuthorizationRequest r => ExportAuthorization(key, r).Serialize(),
            Auth_ImportAuthorizationRequest r => ImportAuthorization(key, r).Serialize(),
            Auth_SendCodeRequest r => SendCode(r).Serialize(),
            Auth_SignInRequest r => SignIn(key, r).Serialize(),
            Account_GetPasswordRequest => GetPassword(key).Serialize(),
            Auth_CheckPasswordRequest r => CheckPassword(key, r).Serialize(),
            Contacts_ResolveUsernameRequest r => Resolve(key, r).Serialize(),
            Upload_SaveFilePartRequest r => SavePart(key, r.FileId, r.FilePart, null, r.Bytes),
            Upload_SaveBigFilePartRequest r => SavePart(key, r.FileId, r.FilePart, r.FileTotalParts, r.Bytes),
            Messages_SendMediaRequest r => SendMedia(key, r).Serialize(),
            Channels_GetMessagesRequest r => GetMessages(key, r).Serialize(),
            Messages_GetHistoryRequest r => GetHistory(key, r).Serialize(),
            Channels_DeleteMessagesRequest r => DeleteMessages(key, r).Serialize(),
            Upload_GetFileRequest r => GetFile(key, r),
            Users_GetUsersRequest r => GetUsers(key, r),
            _ => throw new ServerRpcException(400, "INPUT_METHOD_INVALID"),
        };
    }

    /// <summary>The API call inside invokeWithLayer / initConnection wrappers.</summary>
    internal static TlFunction Unwrap(TlFunction f)
    {
        while (true)
        {
            switch (f)
            {
                case InvokeWithLayerRequest w:
                    f = w.Query;
                    break;
                case InitConnectionRequest i:
                    f = i.Query;
                    break;
                case InvokeWithoutUpdatesRequest u:
                    f = u.Query;
                    break;
                default:
                    return f;
            }
        }
    }

    internal static string MethodName(TlFunction f)
    {
        var n = f.GetType().Name;
        n = n[..^"Request".Length];
        var us = n.IndexOf('_', StringComparison.Ordinal);
        return us < 0 ? n : string.Concat(n[..us].ToLowerInvariant(), ".", char.ToLowerInvariant(n[us + 1]).ToString(), n.AsSpan(us + 2));
    }

    private void CheckFlood(AuthKeyInfo key, string method)
    {
        var faults = state.Faults;
        if (faults.FloodMaxCalls <= 0 || (faults.FloodMethods.Count > 0 && !faults.FloodMethods.Contains(method)))
        {
            return;
        }

        var now = state.Time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (key.RecentCalls)
        {
            while (key.RecentCalls.Count > 0 && key.RecentCalls.Peek() <= now - (long)faults.FloodWindow.TotalMilliseconds)
            {
                key.RecentCalls.Dequeue();
            }

            if (key.RecentCalls.Count >= faults.FloodMaxCalls)
            {
                throw new ServerRpcException(420, $"FLOOD_WAIT_{faults.FloodWaitSeconds}");
            }

            key.RecentCalls.Enqueue(now);
        }
    }

    private StoredUser RequireUser(AuthKeyInfo key)
    {
        lock (state.Sync)
        {
            if (key.UserId is { } id && state.Users.TryGetValue(id, out var u))
            {
                return u;
            }
        }
        throw new ServerRpcException(401, "AUTH_KEY_UNREGISTERED");
    }

    private Config GetConfig()
    {
        var now = (int)state.NowSeconds;
        var options = state.Endpoints.Select(e => new DcOption { Id = e.Key, IpAddress = e.Value.Address.ToString(), Port = e.Value.Port }).ToArray();
        return new Config
        {
            Date = now, Expires = now + 3600, TestMode = true, ThisDc = dcId, DcOptions = options, DcTxtDomainName = "",
            ChatSizeMax = 200, MegagroupSizeMax = 200000, ForwardedCountMax = 100, OnlineUpdatePeriodMs = 210000,
            OfflineBlurTimeoutMs = 5000, OfflineIdleTimeoutMs = 30000, OnlineCloudTimeoutMs = 300000, NotifyCloudDelayMs = 30000,
            NotifyDefaultDelayMs = 1500, PushChatPeriodMs = 60000, PushChatLimit = 2, EditTimeLimit = 172800, RevokeTimeLimit = 172800,
            RevokePmTimeLimit = 172800, RatingEDecay = 2419200, StickersRecentLimit = 200, ChannelsReadMediaPeriod = 604800,
            CallReceiveTimeoutMs = 20000, CallRingTimeoutMs = 90000, CallConnectTimeoutMs = 30000, CallPacketTimeoutMs = 10000,
            MeUrlPrefix = "https://t.me/", CaptionLengthMax = 1024, MessageLengthMax = 4096, WebfileDcId = 1,
        };
    }

    private UserBase UserObject(StoredUser u, bool self) => new User
    {
        Id = u.Id, AccessHash = u.AccessHash, FirstName = u.FirstName, Bot = u.Bot, Self = self, Phone = u.Phone,
        BotInfoVersion = u.Bot ? 1 : null,
    };

    /// <summary>Only inputUserSelf is known here (the "who am I" check of imported sessions); other ids are invalid, as for a stranger.</summary>
    private byte[] GetUsers(AuthKeyInfo key, Users_GetUsersRequest r)
    {
        var users = r.Id.Select(i => i is InputUserSelf ? UserObject(RequireUser(key), true) : throw new ServerRpcException(400, "USER_ID_INVALID")).ToArray();
        var w = new TlWriter();
        w.WriteVector(users, static (w, u) => u.Write(w));
        return w.ToArray();
    }

    private Auth_Authorization Authorize(AuthKeyInfo key, StoredUser u)
    {
        key.UserId = u.Id;
        return new Auth_Authorization { User = UserObject(u, true) };
    }

    private Auth_Authorization ImportBot(AuthKeyInfo key, Auth_ImportBotAuthorizationRequest r)
    {
        StoredUser? bot;
        lock (state.Sync)
        {
            state.BotsByToken.TryGetValue(r.BotAuthToken, out bot);
        }

        if (bot is null)
        {
            throw new ServerRpcException(401, "ACCESS_TOKEN_INVALID");
        }

        if (bot.HomeDc != dcId)
        {
            throw new ServerRpcException(303, $"USER_MIGRATE_{bot.HomeDc}");
        }

        return Authorize(key, bot);
    }

    private Auth_ExportedAuthorization ExportAuthorization(AuthKeyInfo key, Auth_ExportAuthorizationRequest r)
    {
        var u = RequireUser(key);
        if (!state.Endpoints.ContainsKey(r.DcId))
        {
            throw new ServerRpcException(400, "DC_ID_INVALID");
        }

        var id = state.NextId();
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        lock (state.Sync)
        {
            state.Exported[id] = (u.Id, bytes);
        }

        return new Auth_ExportedAuthorization { Id = id, Bytes = bytes };
    }

    private Auth_Authorization ImportAuthorization(AuthKeyInfo key, Auth_ImportAuthorizationRequest r)
    {
        StoredUser u;
        lock (state.Sync)
        {
            if (!state.Exported.Remove(r.Id, out var e) || !e.Bytes.AsSpan().SequenceEqual(r.Bytes))
            {
                throw new ServerRpcException(400, "AUTH_BYTES_INVALID");
            }

            u = state.Users[e.UserId];
        }
        return Authorize(key, u);
    }

    private Contacts_ResolvedPeer Resolve(AuthKeyInfo key, Contacts_ResolveUsernameRequest r)
    {
        RequireUser(key);
        lock (state.Sync)
        {
            var ch = state.Channels.Values.FirstOrDefault(c => string.Equals(c.Username, r.Username.TrimStart('@'), StringComparison.OrdinalIgnoreCase))
                ?? throw new ServerRpcException(400, "USERNAME_NOT_OCCUPIED");
            return new Contacts_ResolvedPeer { Peer = new PeerChannel { ChannelId = ch.Id }, Chats = [ChannelObject(ch)], Users = [] };
        }
    }

    private static Channel ChannelObject(StoredChannel ch) => new()
    {
        Id = ch.Id, AccessHash = ch.AccessHash, Title = ch.Title, Username = ch.Username, Photo = new ChatPhotoEmpty(), Date = 0, Broadcast = true, Creator = true,
    };
}
