// SPDX-License-Identifier: MIT
// The management page in headless Chromium (Debian's chromium, driven by
// playwright-core): log in, see the domains, create one from the form and
// see it running (live, over the event stream), open its console, destroy
// and delete it, see the exits chart.
//   node web.mjs HTTPS_URL ADMIN_PASSWORD KERNEL
import { chromium } from 'playwright-core'

const [url, password, kernel] = process.argv.slice(2)
let failed = 0
const check = async (name, fn) => {
  try {
    await fn()
    console.log(`PASS api/web/${name}`)
  } catch (e) {
    console.log(`FAIL api/web/${name}: ${e.message.split('\n')[0]}`)
    failed = 1
  }
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
})
try {
  const page = await browser.newPage({ ignoreHTTPSErrors: true })
  page.setDefaultTimeout(30000)
  const row = name => page.locator(`#domains tr[data-name="${name}"]`)
  const state = name => row(name).locator('td.state')

  await check('login', async () => {
    await page.goto(url + '/')
    await page.fill('input[name=password]', 'wrong')
    await page.click('#login button')
    await page.locator('#login-error', { hasText: 'wrong user name or password' }).waitFor()
    await page.fill('input[name=password]', password)
    await page.click('#login button')
    await page.locator('#live', { hasText: '(live)' }).waitFor()
  })
  await check('domains-listed', async () => {
    await state('Domain-0').filter({ hasText: 'running' }).waitFor()
    await state('domU-1').filter({ hasText: /running|paused/ }).waitFor()
  })
  await check('create-from-form-runs', async () => {
    await page.fill('#create-form input[name=name]', 'webui')
    await page.fill('#create-form input[name=kernel]', kernel)
    await page.click('#create-form button')
    await state('webui').filter({ hasText: 'running' }).waitFor()
  })
  await check('console', async () => {
    await row('webui').locator('button[data-action=console]').click()
    await page.locator('#console', { hasText: 'guest>' }).waitFor()
  })
  await check('exits-chart', async () => {
    await page.selectOption('#exits-domain', 'webui')
    await page.locator('#exits rect').first().waitFor()
  })
  await check('pause-live', async () => {
    await row('webui').locator('button[data-action=pause]').click()
    await state('webui').filter({ hasText: 'paused' }).waitFor()
  })
  await check('destroy-and-delete', async () => {
    await row('webui').locator('button[data-action=destroy]').click()
    await state('webui').filter({ hasText: 'halted' }).waitFor()
    await row('webui').locator('button[data-action=delete]').click()
    await row('webui').waitFor({ state: 'detached' })
  })
} finally {
  await browser.close()
}
process.exit(failed)
