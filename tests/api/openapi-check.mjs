// SPDX-License-Identifier: MIT
// The OpenAPI checks: the document is valid (swagger-parser), every route
// xapid serves under /api/v1 and /metrics is documented and every
// documented operation is served, every operation was exercised by the
// tests, and every logged response matches a documented status and the
// schema of its body.
//
//   node openapi-check.mjs DOC ROUTES_FILE RESPONSES.jsonl
import fs from 'node:fs'
import SwaggerParser from '@apidevtools/swagger-parser'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'

const [doc, routesFile, responsesFile] = process.argv.slice(2)
let failed = 0
const pass = name => console.log(`PASS api/openapi/${name}`)
const fail = (name, why) => {
  console.log(`FAIL api/openapi/${name}: ${why}`)
  failed = 1
}

let api
try {
  api = await SwaggerParser.validate(doc)
  pass('document-valid')
} catch (e) {
  fail('document-valid', e.message)
  process.exit(1)
}

const documented = new Set()
for (const [path, item] of Object.entries(api.paths))
  for (const m of ['get', 'put', 'post', 'delete'])
    if (item[m]) documented.add(`${m.toUpperCase()} ${path}`)

const served = new Set(
  fs.readFileSync(routesFile, 'utf8').split('\n')
    .filter(r => / \/(api\/v1|metrics)/.test(r)))
const undocumented = [...served].filter(r => !documented.has(r))
const unserved = [...documented].filter(r => !served.has(r))
undocumented.length ? fail('every-route-documented', undocumented.join(', ')) : pass('every-route-documented')
unserved.length ? fail('every-documented-route-served', unserved.join(', ')) : pass('every-documented-route-served')

const ajv = new Ajv({ strict: false, allErrors: true })
addFormats(ajv)

// "/api/v1/domains/{id}" -> regexp; longest literal prefix wins
const templates = Object.keys(api.paths).map(p => ({
  path: p,
  re: new RegExp('^' + p.replace(/\{path\}/, '.+').replace(/\{[^}]+\}/g, '[^/]+') + '$'),
})).sort((a, b) => b.path.replace(/\{[^}]+\}/g, '').length - a.path.replace(/\{[^}]+\}/g, '').length)

const exercised = new Set()
let checked = 0
const bad = []
for (const line of fs.readFileSync(responsesFile, 'utf8').split('\n')) {
  if (!line) continue
  const r = JSON.parse(line)
  const path = r.path.split('?')[0]
  const t = templates.find(t => t.re.test(path))
  if (!t) continue // routes outside the document (XenAPI, the page, 404 probes)
  const op = api.paths[t.path][r.method.toLowerCase()]
  if (!op) continue // 405 probes
  exercised.add(`${r.method} ${t.path}`)
  const resp = op.responses[String(r.status)]
  if (!resp) {
    bad.push(`${r.method} ${r.path}: status ${r.status} is not documented`)
    continue
  }
  checked++
  const media = resp.content && Object.keys(resp.content)[0]
  if (!media) continue
  const type = (r.type || '').split(';')[0]
  if (type !== media) {
    bad.push(`${r.method} ${r.path} ${r.status}: content type ${type}, documented ${media}`)
    continue
  }
  if (media !== 'application/json') continue
  let body
  try {
    body = JSON.parse(r.body)
  } catch (e) {
    bad.push(`${r.method} ${r.path} ${r.status}: body is not JSON`)
    continue
  }
  const validate = ajv.compile(resp.content[media].schema)
  if (!validate(body))
    bad.push(`${r.method} ${r.path} ${r.status}: ${ajv.errorsText(validate.errors)}`)
}
bad.length ? fail('responses-match-schemas', `${bad.length} of ${checked}:\n  ` + bad.slice(0, 20).join('\n  '))
  : (checked > 0 ? pass(`responses-match-schemas (${checked} responses)`) : fail('responses-match-schemas', 'no responses'))
const missing = [...documented].filter(o => !exercised.has(o))
missing.length ? fail('every-operation-exercised', missing.join(', ')) : pass('every-operation-exercised')
process.exit(failed)
