// Runs a stock MTProto client (GramJS or mtcute, unpatched, pinned in package-lock.json) against the StreamVault test
// server and prints one JSON line per step: {"step":..., "ok":true|false, ...}, then {"done":true,"ok":...}.
//
//   node interop.mjs --client gramjs|mtcute --transport full|abridged|obfuscated|intermediate|padded|obfuscated-padded
//        --host 127.0.0.1 --port N --key server.pem --bot-token T --channel NAME [--small-size N] [--big-size N]
//   node interop.mjs --client gramjs --mode session --transport full --port N --key server.pem --bot-token T
//        logs the bot in with GramJS and reports its StringSession (client.session.save()) in the step "session.save",
//        for tests that import a session made by another library.
//
// Both clients ship only Telegram's RSA keys; each takes the test server's key through its own public means
// (mtcute's addPublicKey, GramJS's exported key map), so nothing in the packages is changed.
import { createHash, createPublicKey, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

const { values: args } = parseArgs({
  options: {
    client: { type: 'string' },
    mode: { type: 'string', default: 'interop' },
    transport: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string' },
    dc: { type: 'string', default: '1' },
    key: { type: 'string' },
    'bot-token': { type: 'string' },
    channel: { type: 'string' },
    'small-size': { type: 'string', default: String(300 * 1024 + 123) },
    // above 10 MiB both clients switch to saveBigFilePart
    'big-size': { type: 'string', default: String(10 * 1024 * 1024 + 512 * 1024 + 77) },
  },
})

const API_ID = 12345
const API_HASH = '0123456789abcdef0123456789abcdef'
const TIMEOUT_MS = Number(process.env.INTEROP_STEP_TIMEOUT_MS ?? 60_000)
const PART = 512 * 1024
let failed = false

function report(step, ok, extra = {}) {
  if (!ok) failed = true
  process.stdout.write(`${JSON.stringify({ step, ok, ...extra })}\n`)
}

async function step(name, fn) {
  const started = Date.now()
  let timer
  try {
    const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS) })
    // A step returns { info, ...values }: info goes into its report line, the values to the next steps.
    const result = await Promise.race([fn(), timeout])
    report(name, true, { ms: Date.now() - started, ...(result?.info ?? {}) })
    return result
  } catch (e) {
    report(name, false, { ms: Date.now() - started, error: String(e?.stack ?? e) })
    throw e
  } finally {
    clearTimeout(timer)
  }
}

const sha256 = (b) => createHash('sha256').update(b).digest('hex')

function require(cond, message) {
  if (!cond) throw new Error(message)
}

// GramJS's plain abridged codec reads a frame with one socket read() that returns whatever is buffered
// (telegram/network/connection/TCPAbridged.js), so a frame that arrives in two TCP reads is misread; its obfuscated
// and full codecs read exactly. On that transport the downloads ask for 16 KiB pieces, which arrive in one read.
const PIECE = args.client === 'gramjs' && args.transport === 'abridged' ? 16 * 1024 : PART

/** The ranges checked byte for byte: upload.getFile wants 4 KiB-aligned offsets and limits that stay inside one MiB. */
function ranges(size) {
  const list = [[0, 4096], [4096, 8192], [PART, Math.min(PIECE, 64 * 1024)], [1024 * 1024 - 16384, 16384]]
  const lastStart = Math.floor((size - 1) / 4096) * 4096
  list.push([lastStart, 4096]) // past the end: the server returns what is left
  return list.filter(([offset]) => offset < size)
}

/** Downloads the whole file in 512 KiB parts plus the ranged reads, and compares every byte with what was uploaded. */
async function checkDownload(getFile, data) {
  const parts = []
  for (let offset = 0; offset < data.length; offset += PIECE) {
    parts.push(Buffer.from(await getFile(offset, PIECE)))
  }
  const whole = Buffer.concat(parts)
  require(whole.equals(data), `download differs: ${whole.length} bytes, sha256 ${sha256(whole)}; uploaded ${data.length}, ${sha256(data)}`)
  for (const [offset, limit] of ranges(data.length)) {
    const got = Buffer.from(await getFile(offset, limit))
    const want = data.subarray(offset, Math.min(offset + limit, data.length))
    require(got.equals(want), `range ${offset}+${limit}: got ${got.length} bytes (${sha256(got)}), want ${want.length} (${sha256(want)})`)
  }
  return { bytes: whole.length, sha256: sha256(whole), ranges: ranges(data.length).length }
}

/** Reads the server's PEM (PKCS#1 RSA public key) into n and e. */
function serverKey() {
  const pem = readFileSync(args.key, 'utf8')
  const jwk = createPublicKey(pem).export({ format: 'jwk' })
  const n = Buffer.from(jwk.n, 'base64url')
  const e = Buffer.from(jwk.e, 'base64url')
  return { pem, n, e }
}

/** The Telegram key fingerprint: the low 64 bits of SHA1(TL bytes n, TL bytes e), as a signed little-endian long. */
function fingerprint(n, e) {
  const tlBytes = (b) => {
    const head = b.length < 254 ? Buffer.from([b.length]) : Buffer.from([254, b.length & 255, (b.length >> 8) & 255, (b.length >> 16) & 255])
    const pad = (4 - ((head.length + b.length) % 4)) % 4
    return Buffer.concat([head, b, Buffer.alloc(pad)])
  }
  const sha = createHash('sha1').update(Buffer.concat([tlBytes(n), tlBytes(e)])).digest()
  return sha.readBigInt64LE(12)
}

/** Compressible bytes (both clients then send the upload parts as gzip_packed: GramJS in gzip, mtcute in zlib form). */
function textData(size, seed) {
  const line = Buffer.from(`${seed}: the quick brown fox jumps over the lazy dog 0123456789\n`)
  const out = Buffer.alloc(size)
  for (let i = 0; i < size; i += line.length) line.copy(out, i)
  return out
}

/** Incompressible bytes: a SHA-256 chain. */
function testData(size, seed) {
  const out = Buffer.alloc(size)
  let chunk = createHash('sha256').update(`interop-${seed}`).digest()
  for (let i = 0; i < size; i += chunk.length) {
    chunk.copy(out, i)
    chunk = createHash('sha256').update(chunk).digest()
  }
  return out
}

async function runGramJs() {
  const { TelegramClient, Api, sessions } = await import('telegram')
  const { ConnectionTCPFull, ConnectionTCPAbridged, ConnectionTCPObfuscated } = await import('telegram/network/connection/index.js')
  const { CustomFile } = await import('telegram/client/uploads.js')
  const RSA = await import('telegram/crypto/RSA.js')
  const { Logger, LogLevel } = await import('telegram/extensions/Logger.js')
  const bigInt = (await import('big-integer')).default
  const connection = { full: ConnectionTCPFull, abridged: ConnectionTCPAbridged, obfuscated: ConnectionTCPObfuscated }[args.transport]
  require(connection, `GramJS has no ${args.transport} transport (it has full, abridged, obfuscated)`)

  const { n, e } = serverKey()
  // GramJS has no option for extra keys; its key map is exported, and adding an entry is how a custom server is reached.
  const keys = RSA._serverKeys ?? RSA.default._serverKeys
  keys.set(fingerprint(n, e).toString(), { n: bigInt(n.toString('hex'), 16), e: bigInt(e.toString('hex'), 16).toJSNumber() })

  // On Node GramJS dials its home DC on port 80 and the DCs of help.getConfig (upload and download workers) on 443,
  // whatever the session or the config say. Its networkSocket option takes a socket class; this one dials the test
  // server's DC port instead (all DCs of the test server share 127.0.0.1, so every such dial reaches --port's DC).
  const { PromisedNetSockets } = await import('telegram/extensions/index.js')
  class TestServerSocket extends PromisedNetSockets {
    connect(port, ip) {
      return super.connect(ip === args.host && (port === 80 || port === 443) ? Number(args.port) : port, ip)
    }
  }
  const session = new sessions.StringSession('')
  // The session stores the port as a signed 16-bit number; 80 fits, and the socket above maps it to the real one.
  session.setDC(Number(args.dc), args.host, 80)
  const client = new TelegramClient(session, API_ID, API_HASH, {
    connection, networkSocket: TestServerSocket, useWSS: false, connectionRetries: 1, retryDelay: 100, autoReconnect: false, baseLogger: new Logger(process.env.GRAMJS_LOG ?? LogLevel.ERROR),
  })
  const invoke = (request) => client.invoke(request)
  try {
    await step('auth_key', async () => {
      await client.connect()
      require(client.session.getAuthKey()?.getKey(), 'no auth key after connect')
    })
    if (args.mode === 'session') {
      await step('auth.importBotAuthorization', async () => {
        const me = await client.signInBot({ apiId: API_ID, apiHash: API_HASH }, { botAuthToken: args['bot-token'] })
        require(me.bot, 'the signed-in user is not a bot')
        return { info: { userId: me.id.toString() } }
      })
      // The string holds the DC, the address the session was given (host, port 80: see TestServerSocket) and the key.
      await step('session.save', async () => ({ info: { session: client.session.save() } }))
      return
    }
    await step('help.getConfig', async () => {
      const config = await invoke(new Api.help.GetConfig())
      require(config.thisDc === Number(args.dc) && config.dcOptions.length > 0, `config: this_dc ${config.thisDc}`)
      return { info: { layer: (await import('telegram/tl/AllTLObjects.js')).LAYER, thisDc: config.thisDc } }
    })
    await step('auth.importBotAuthorization', async () => {
      const me = await client.signInBot({ apiId: API_ID, apiHash: API_HASH }, { botAuthToken: args['bot-token'] })
      require(me.bot, 'the signed-in user is not a bot')
      return { info: { userId: me.id.toString() } }
    })
    const resolved = await step('contacts.resolveUsername', async () => {
      const r = await invoke(new Api.contacts.ResolveUsername({ username: args.channel }))
      const channel = r.chats[0]
      require(channel?.username === args.channel, 'resolved the wrong chat')
      return { info: { channelId: channel.id.toString() }, channelId: channel.id.toString(), accessHash: channel.accessHash.toString() }
    })
    const peer = new Api.InputPeerChannel({ channelId: bigInt(resolved.channelId), accessHash: bigInt(resolved.accessHash) })
    await step('ping_and_container', async () => {
      // Issued together, these leave the sender's queue as one msg_container.
      const [pong, config] = await Promise.all([invoke(new Api.Ping({ pingId: bigInt(4242) })), invoke(new Api.help.GetConfig())])
      require(pong.pingId.toString() === '4242' && config.thisDc, 'ping or config inside the container failed')
    })
    for (const [kind, size, seed] of [['small', Number(args['small-size']), 1], ['big', Number(args['big-size']), 2]]) {
      const data = (kind === 'small' ? textData : testData)(size, `gramjs-${args.transport}-${seed}`)
      const fileName = `${kind}-${args.transport}.bin`
      const inputFile = await step(`upload.${kind === 'big' ? 'saveBigFilePart' : 'saveFilePart'}`, async () => {
        const f = await client.uploadFile({ file: new CustomFile(fileName, size, '', data), workers: 2 })
        require((kind === 'big') === (f instanceof Api.InputFileBig), `expected ${kind} upload, got ${f.className}`)
        return { info: { size, sha256: sha256(data) }, file: f, sha256: sha256(data) }
      })
      const doc = await step(`messages.sendMedia.${kind}`, async () => {
        const updates = await invoke(new Api.messages.SendMedia({
          peer,
          media: new Api.InputMediaUploadedDocument({
            file: inputFile.file, mimeType: 'application/octet-stream', attributes: [new Api.DocumentAttributeFilename({ fileName })],
          }),
          message: '',
          randomId: bigInt(randomBytes(7).toString('hex'), 16),
        }))
        const message = updates.updates.find((u) => u instanceof Api.UpdateNewChannelMessage)?.message
        const document = message?.media?.document
        require(document && Number(document.size) === size, 'no document of the uploaded size in the updates')
        return { info: { messageId: message.id, documentId: document.id.toString() }, messageId: message.id, documentId: document.id.toString(), document }
      })
      await step(`messages.getHistory.${kind}`, async () => {
        const history = await invoke(new Api.messages.GetHistory({ peer, limit: 20, offsetId: 0, offsetDate: 0, addOffset: 0, maxId: 0, minId: 0, hash: bigInt(0) }))
        require(history.messages.some((m) => m.id === doc.messageId), `message ${doc.messageId} missing from the history`)
        return { info: { messages: history.messages.length } }
      })
      await step(`upload.getFile.${kind}`, async () => {
        const location = new Api.InputDocumentFileLocation({
          id: doc.document.id, accessHash: doc.document.accessHash, fileReference: doc.document.fileReference, thumbSize: '',
        })
        const getFile = async (offset, limit) => (await invoke(new Api.upload.GetFile({ location, offset: bigInt(offset), limit, precise: true }))).bytes
        return { info: { documentId: doc.documentId, uploadedSha256: inputFile.sha256, ...(await checkDownload(getFile, data)) } }
      })
    }
  } finally {
    await client.destroy().catch(() => {})
  }
}

async function runMtcute() {
  const mt = await import('@mtcute/node')
  const { addPublicKey } = await import('@mtcute/core/utils.js')
  const { TelegramClient, MemoryStorage, TcpTransport, IntermediatePacketCodec, PaddedIntermediatePacketCodec, ObfuscatedPacketCodec, Long } = mt
  const codecs = {
    intermediate: () => new IntermediatePacketCodec(),
    padded: () => new PaddedIntermediatePacketCodec(),
    obfuscated: () => new ObfuscatedPacketCodec(new IntermediatePacketCodec()),
    'obfuscated-padded': () => new ObfuscatedPacketCodec(new PaddedIntermediatePacketCodec()),
  }
  const codec = codecs[args.transport]
  require(codec, `mtcute has no ${args.transport} transport (it has ${Object.keys(codecs).join(', ')})`)

  // mtcute's public API for keys of servers other than Telegram's.
  addPublicKey({ sha1: (d) => createHash('sha1').update(d).digest() }, serverKey().pem)
  class Transport extends TcpTransport {
    packetCodec() {
      return codec()
    }
  }
  const dc = { id: Number(args.dc), ipAddress: args.host, port: Number(args.port), ipv6: false }
  const tg = new TelegramClient({
    apiId: API_ID, apiHash: API_HASH, storage: new MemoryStorage(), transport: new Transport(),
    defaultDcs: { main: dc, media: { ...dc, mediaOnly: true } }, disableUpdates: true, logLevel: Number(process.env.MTCUTE_LOG ?? 1),
  })
  try {
    await step('auth_key', async () => {
      await tg.connect()
    })
    await step('help.getConfig', async () => {
      const config = await tg.call({ _: 'help.getConfig' })
      require(config.thisDc === Number(args.dc) && config.dcOptions.length > 0, `config: this_dc ${config.thisDc}`)
      return { info: { layer: JSON.parse(readFileSync(new URL('node_modules/@mtcute/core/tl/api-schema.json', import.meta.url), 'utf8')).l, thisDc: config.thisDc } }
    })
    await step('auth.importBotAuthorization', async () => {
      // signInBot is auth.importBotAuthorization plus the bookkeeping uploadFile relies on (the cached self user).
      const me = await tg.signInBot(args['bot-token'])
      require(me.isBot, 'the signed-in user is not a bot')
      return { info: { userId: String(me.id) } }
    })
    const channel = await step('contacts.resolveUsername', async () => {
      const r = await tg.call({ _: 'contacts.resolveUsername', username: args.channel })
      const ch = r.chats[0]
      require(ch?.username === args.channel, 'resolved the wrong chat')
      return { info: { channelId: String(ch.id) }, channelId: String(ch.id), accessHash: ch.accessHash }
    })
    const peer = { _: 'inputPeerChannel', channelId: Number(channel.channelId), accessHash: channel.accessHash }
    await step('ping_and_container', async () => {
      const [pong, config] = await Promise.all([tg.call({ _: 'mt_ping', pingId: Long.fromNumber(4242) }), tg.call({ _: 'help.getConfig' })])
      require(pong.pingId.toString() === '4242' && config.thisDc, 'ping or config inside the container failed')
    })
    for (const [kind, size, seed] of [['small', Number(args['small-size']), 1], ['big', Number(args['big-size']), 2]]) {
      const data = (kind === 'small' ? textData : testData)(size, `mtcute-${args.transport}-${seed}`)
      const fileName = `${kind}-${args.transport}.bin`
      const uploaded = await step(`upload.${kind === 'big' ? 'saveBigFilePart' : 'saveFilePart'}`, async () => {
        const up = await tg.uploadFile({ file: new Uint8Array(data), fileName, fileSize: size })
        require((kind === 'big') === (up.inputFile._ === 'inputFileBig'), `expected ${kind} upload, got ${up.inputFile._}`)
        return { info: { size, sha256: sha256(data) }, inputFile: up.inputFile, sha256: sha256(data) }
      })
      const doc = await step(`messages.sendMedia.${kind}`, async () => {
        const updates = await tg.call({
          _: 'messages.sendMedia',
          peer,
          media: { _: 'inputMediaUploadedDocument', file: uploaded.inputFile, mimeType: 'application/octet-stream', attributes: [{ _: 'documentAttributeFilename', fileName }] },
          message: '',
          randomId: Long.fromBytesLE([...randomBytes(8)]),
        })
        const message = updates.updates.find((u) => u._ === 'updateNewChannelMessage')?.message
        const document = message?.media?.document
        require(document && Number(document.size) === size, 'no document of the uploaded size in the updates')
        return { info: { messageId: message.id, documentId: document.id.toString() }, messageId: message.id, documentId: document.id.toString(), document }
      })
      await step(`messages.getHistory.${kind}`, async () => {
        const history = await tg.call({ _: 'messages.getHistory', peer, limit: 20, offsetId: 0, offsetDate: 0, addOffset: 0, maxId: 0, minId: 0, hash: Long.ZERO })
        require(history.messages.some((m) => m.id === doc.messageId), `message ${doc.messageId} missing from the history`)
        return { info: { messages: history.messages.length } }
      })
      await step(`upload.getFile.${kind}`, async () => {
        const location = { _: 'inputDocumentFileLocation', id: doc.document.id, accessHash: doc.document.accessHash, fileReference: doc.document.fileReference, thumbSize: '' }
        const getFile = async (offset, limit) => (await tg.call({ _: 'upload.getFile', location, offset: Long.fromNumber(offset), limit, precise: true })).bytes
        return { info: { documentId: doc.documentId, uploadedSha256: uploaded.sha256, ...(await checkDownload(getFile, data)) } }
      })
    }
  } finally {
    await tg.destroy().catch(() => {})
  }
}

try {
  require(['gramjs', 'mtcute'].includes(args.client), '--client must be gramjs or mtcute')
  require(['interop', 'session'].includes(args.mode), '--mode must be interop or session')
  require(args.mode === 'interop' || args.client === 'gramjs', '--mode session is for --client gramjs')
  for (const name of ['transport', 'port', 'key', 'bot-token', ...(args.mode === 'interop' ? ['channel'] : [])]) require(args[name], `--${name} is required`)
  await (args.client === 'gramjs' ? runGramJs() : runMtcute())
} catch (e) {
  if (!failed) report('setup', false, { error: String(e?.stack ?? e) })
}
process.stdout.write(`${JSON.stringify({ done: true, ok: !failed, client: args.client, transport: args.transport })}\n`)
process.exit(failed ? 1 : 0)
