import { act, fireEvent, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { LogBuffer } from '../lib/log-buffer'
import { parseAnsi } from './ansi'
import { LogView, ROW_HEIGHT } from './log-view'

function bufferOf(n: number, make = (i: number) => `[10:00:${String(i % 60).padStart(2, '0')}] step ${i}`) {
  const b = new LogBuffer()
  for (let i = 1; i <= n; i++) b.add(i, make(i))
  return b
}

/** jsdom has no layout: give the scroll box a height and a content height. */
function layout(el: HTMLElement, buffer: LogBuffer) {
  Object.defineProperty(el, 'scrollHeight', { configurable: true, get: () => buffer.size * ROW_HEIGHT })
}

describe('LogView', () => {
  beforeEach(() => {
    // the virtualizer sizes its window from the scroll box's client size
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 })
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 900 })
  })

  it('renders numbered lines with the [HH:MM:SS] stamp apart, and only a window of a long log', () => {
    const buffer = bufferOf(100_000)
    render(<LogView buffer={buffer} version={buffer.version} />)
    const log = screen.getByRole('log', { name: 'Log output' })
    const rows = log.querySelectorAll('[data-line]')
    expect(rows.length).toBeGreaterThan(10)
    expect(rows.length).toBeLessThan(200) // virtualized: not 100,000 rows
    const first = log.querySelector('[data-line="1"]') as HTMLElement
    expect(within(first).getByText('[10:00:01]')).toHaveClass('text-sky-700', 'dark:text-sky-400/80')
    expect(first).toHaveTextContent('1[10:00:01]step 1')
  })

  it('follows new lines at the bottom; scrolling up pauses that and Follow resumes it', () => {
    const buffer = bufferOf(100)
    const { rerender } = render(<LogView buffer={buffer} version={buffer.version} />)
    const log = screen.getByRole('log')
    layout(log, buffer)
    buffer.add(101, 'more')
    rerender(<LogView buffer={buffer} version={buffer.version} />)
    expect(log.scrollTop).toBe(101 * ROW_HEIGHT) // pinned to the end
    expect(screen.getByRole('button', { name: /following/i })).toHaveAttribute('aria-pressed', 'true')

    // the reader scrolls up
    log.scrollTop = 200
    fireEvent.scroll(log)
    const follow = screen.getByRole('button', { name: /follow/i })
    expect(follow).toHaveAttribute('aria-pressed', 'false')
    buffer.add(102, 'even more')
    rerender(<LogView buffer={buffer} version={buffer.version} />)
    expect(log.scrollTop).toBe(200) // stays where the reader is

    fireEvent.click(follow)
    expect(screen.getByRole('button', { name: /following/i })).toHaveAttribute('aria-pressed', 'true')
    expect(log.scrollTop).toBe(102 * ROW_HEIGHT)
  })

  it('copies every line', async () => {
    const user = userEvent.setup()
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue()
    const buffer = bufferOf(3, (i) => `line ${i}`)
    render(<LogView buffer={buffer} version={buffer.version} />)
    await user.click(screen.getByRole('button', { name: /copy all/i }))
    expect(writeText).toHaveBeenCalledWith('line 1\nline 2\nline 3')
  })

  it('searches, steps through matches and jumps to the first error', async () => {
    const user = userEvent.setup()
    const buffer = bufferOf(50, (i) => (i === 30 ? '[STDERR] boom' : i % 10 === 0 ? `match ${i}` : `plain ${i}`))
    const scrollTo = vi.fn()
    render(<LogView buffer={buffer} version={buffer.version} />)
    const log = screen.getByRole('log')
    log.scrollTo = scrollTo
    await user.type(screen.getByRole('searchbox', { name: /search the log/i }), 'MATCH')
    expect(await screen.findByText('1/4')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Next match' }))
    expect(screen.getByText('2/4')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: /first error/i }))
    expect(screen.getByRole('button', { name: /follow/i })).toHaveAttribute('aria-pressed', 'false')
    await act(async () => {})
    expect(log.querySelector('[data-line="30"]')).toHaveClass('bg-amber-400/25')
  })
})

describe('parseAnsi', () => {
  it('turns SGR colours into classes and drops other escapes', () => {
    expect(parseAnsi('\x1b[31mred\x1b[0m plain \x1b[1;32mbold green\x1b[K')).toEqual([
      { text: 'red', className: 'text-red-700 dark:text-red-400' },
      { text: ' plain ', className: undefined },
      { text: 'bold green', className: 'text-emerald-700 dark:text-emerald-400 font-semibold' },
    ])
  })
})
