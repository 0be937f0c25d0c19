// axe-core in the page: injects axe.min.js and reports the serious and critical violations.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const AXE = require.resolve('axe-core/axe.min.js')

/** The impacts a test fails on; minor and moderate findings are reported by axe but not asserted. */
export const FAILING_IMPACTS = ['serious', 'critical']

/**
 * Runs axe on the page (or on the part `include` selects) and returns its violations of impact
 * serious or critical: `[{ id, impact, help, helpUrl, nodes: [{ target, html, summary }] }]`.
 * WCAG 2.x A and AA rules plus axe's best practices.
 */
export async function axeViolations(page, { include, exclude } = {}) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: AXE })
  const results = await page.evaluate(
    async ({ include, exclude }) => {
      const context = include || exclude ? { include: include ? [include] : undefined, exclude: exclude ? [exclude] : undefined } : document
      const r = await window.axe.run(context, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        resultTypes: ['violations'],
      })
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
      }))
    },
    { include, exclude },
  )
  return results.filter((v) => FAILING_IMPACTS.includes(v.impact))
}

/** The violations as readable text for an assertion message: rule, impact, help, then each element. */
export function formatViolations(violations, where = '') {
  const lines = []
  for (const v of violations) {
    lines.push(`${where ? `[${where}] ` : ''}${v.id} (${v.impact}): ${v.help}`)
    lines.push(`  ${v.helpUrl}`)
    for (const n of v.nodes.slice(0, 8)) {
      lines.push(`  - ${n.target}`)
      lines.push(`    ${n.html.length > 200 ? `${n.html.slice(0, 200)}…` : n.html}`)
      if (n.summary) lines.push(...n.summary.split('\n').map((l) => `      ${l}`))
    }
    if (v.nodes.length > 8) lines.push(`  … and ${v.nodes.length - 8} more elements`)
  }
  return lines.join('\n')
}
