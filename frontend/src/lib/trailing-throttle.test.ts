import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { trailingThrottle } from './trailing-throttle'

describe('trailingThrottle', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('runs once at the end of the window, however many calls it had', () => {
    const run = vi.fn()
    const throttled = trailingThrottle(run, 250)
    for (let i = 0; i < 50; i++) throttled.call()
    vi.advanceTimersByTime(249)
    expect(run).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('opens a new window for a call after the run', () => {
    const run = vi.fn()
    const throttled = trailingThrottle(run, 100)
    throttled.call()
    vi.advanceTimersByTime(100)
    throttled.call()
    throttled.call()
    vi.advanceTimersByTime(100)
    expect(run).toHaveBeenCalledTimes(2)
  })

  it('drops a pending run when cancelled, and works again afterwards', () => {
    const run = vi.fn()
    const throttled = trailingThrottle(run, 100)
    throttled.call()
    throttled.cancel()
    vi.advanceTimersByTime(500)
    expect(run).not.toHaveBeenCalled()
    throttled.call()
    vi.advanceTimersByTime(100)
    expect(run).toHaveBeenCalledTimes(1)
  })
})
