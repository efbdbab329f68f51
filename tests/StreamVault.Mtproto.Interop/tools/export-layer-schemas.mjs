// Writes the TL schemas that the pinned GramJS and mtcute packages declare into the test server's Layers folder,
// as plain TL text (the test server re-encodes what it sends into the layer a client declared).
// Run after `npm ci`, when a pinned version changes: node tools/export-layer-schemas.mjs
import { createRequire } from 'node:module'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const out = fileURLToPath(new URL('../../../testing/StreamVault.Mtproto.TestServer/Layers/', import.meta.url))

function header(layer, source) {
  return `// Telegram API schema, layer ${layer}, as shipped in ${source} (data, not code).\n// Written by tests/StreamVault.Mtproto.Interop/tools/export-layer-schemas.mjs.\n`
}

// GramJS ships the schema as TL text.
const gram = require('telegram/tl/apiTl.js')
const gramLayer = require('telegram/tl/AllTLObjects.js').LAYER
const gramVersion = require('telegram/package.json').version
writeFileSync(`${out}layer${gramLayer}.tl`, `${header(gramLayer, `telegram ${gramVersion} (GramJS)`)}${gram.trim()}\n// LAYER ${gramLayer}\n`)

// mtcute ships it as JSON; int53 is its name for a long that fits a JS number.
const nm = fileURLToPath(new URL('../node_modules/', import.meta.url))
const readJson = (p) => JSON.parse(readFileSync(nm + p, 'utf8'))
const mt = readJson('@mtcute/core/tl/api-schema.json')
const mtVersion = readJson('@mtcute/core/package.json').version
const typeOf = (a) => {
  let t = a.type === 'int53' ? 'long' : a.type
  if (a.typeModifiers?.isVector) t = `Vector<${t}>`
  return a.typeModifiers?.predicate ? `${a.typeModifiers.predicate}?${t}` : t
}
const line = (e) => {
  const generics = (e.generics ?? []).map((g) => ` {${g.name}:${g.type}}`).join('')
  const args = e.arguments.map((a) => ` ${a.name}:${typeOf(a)}`).join('')
  return `${e.name}#${(e.id >>> 0).toString(16)}${generics}${args} = ${e.type};`
}
const classes = mt.e.filter((e) => e.kind === 'class').map(line)
const methods = mt.e.filter((e) => e.kind === 'method').map(line)
writeFileSync(`${out}layer${mt.l}.tl`, `${header(mt.l, `@mtcute/core ${mtVersion} (mtcute)`)}${classes.join('\n')}\n---functions---\n${methods.join('\n')}\n// LAYER ${mt.l}\n`)
console.log(`wrote layer${gramLayer}.tl and layer${mt.l}.tl`)
