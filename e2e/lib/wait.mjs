/**
 * Polls `check` until it returns something truthy (or throws the last error at the deadline); `what`
 * names the condition, or is a function that describes it at the deadline.
 */
export async function until(check, { timeout = 30_000, interval = 200, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout
  let last
  for (;;) {
    try {
      const value = await check()
      if (value) return value
    } catch (e) {
      last = e
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${typeof what === 'function' ? what() : what}${last ? `: ${last.message}` : ''}`)
    await new Promise((r) => setTimeout(r, interval))
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
