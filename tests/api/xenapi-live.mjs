// SPDX-License-Identifier: MIT
// npm's xen-api lists the VMs of a live system with their power states.
//   node xenapi-live.mjs HTTPS_URL ADMIN_PASSWORD
import { createClient } from 'xen-api'

const [url, password] = process.argv.slice(2)
const xapi = createClient({ url, auth: { user: 'admin', password }, allowUnauthorized: true })
await xapi.connect()
await xapi.objectsFetched
for (const o of Object.values(xapi.objects.all)) if (o.$type === 'VM') console.log(o.name_label, o.power_state)
await xapi.disconnect()
