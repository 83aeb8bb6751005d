// SPDX-License-Identifier: MIT
// npm's xen-api (Xen Orchestra's client) against a real xapid, unchanged:
// connect (JSON-RPC first, as the client tries), list VMs from its object
// cache, follow event.from through a change; then the same over XML-RPC.
//
//   node xenapi-node.mjs HTTPS_URL ADMIN_PASSWORD REST_BASE
import { createClient } from 'xen-api'

const [url, password, restBase] = process.argv.slice(2)
let failed = 0
const check = (name, ok, detail = '') => {
  console.log(`${ok ? 'PASS' : 'FAIL'} api/xenapi-node/${name}${ok ? '' : ' ' + detail}`)
  if (!ok) failed = 1
}
const withTimeout = (p, ms, what) =>
  Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error(`${what}: timed out`)), ms))])

async function rest(method, path, token, body) {
  const res = await fetch(restBase + path, {
    method, body: body && JSON.stringify(body),
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  })
  return res.status
}

for (const transport of ['auto', 'xml-rpc']) {
  const xapi = createClient({ url, auth: { user: 'admin', password }, allowUnauthorized: true, transport })
  try {
    await withTimeout(xapi.connect(), 10000, 'connect')
    check(`${transport}/connect`, xapi.status === 'connected', xapi.status)
    await withTimeout(xapi.objectsFetched, 10000, 'objects')
    const vms = Object.values(xapi.objects.all).filter(o => o.$type === 'VM')
    check(`${transport}/list-vms`, vms.some(v => v.name_label === 'Domain-0' && v.is_control_domain) &&
      vms.some(v => v.name_label === 'pyvm'), vms.map(v => v.name_label).join(','))
    check(`${transport}/pool-and-host`, xapi.pool && xapi.pool.$master?.API_version_major === '2',
      JSON.stringify(xapi.pool?.master))

    // a change made through REST reaches the client through event.from
    const name = `node-${transport}`
    const seen = new Promise(resolve => {
      xapi.objects.on('add', objs => {
        for (const o of Object.values(objs)) if (o.$type === 'VM' && o.name_label === name) resolve(o)
      })
    })
    const status = await rest('POST', '/api/v1/domains', xapi.sessionId, { name, kernel: '/k' })
    const vm = await withTimeout(seen, 10000, 'event.from')
    check(`${transport}/event-from-add`, status === 201 && vm.power_state === 'Halted', status)

    const gone = new Promise(resolve => {
      xapi.objects.on('remove', objs => {
        if (Object.keys(objs).includes(vm.$id)) resolve()
      })
    })
    await rest('DELETE', `/api/v1/domains/${name}`, xapi.sessionId)
    await withTimeout(gone, 10000, 'event.from del')
    check(`${transport}/event-from-del`, !Object.values(xapi.objects.all).some(o => o.name_label === name))

    let err
    try {
      await xapi.call('VM.pause', vm.$ref)
    } catch (e) {
      err = e
    }
    check(`${transport}/xapi-error`, err?.code === 'HANDLE_INVALID', err?.code)
  } catch (e) {
    check(`${transport}/session`, false, e.message)
  } finally {
    await xapi.disconnect()
  }
}
process.exit(failed)
