import { act, render, renderHook, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { isTypingTarget, useShortcuts } from './use-shortcuts'

/** Presses a key on `target` (the body unless told) the way the browser does: keydown bubbling to the window. */
function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = document.body) {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init })
  act(() => {
    target.dispatchEvent(event)
  })
  return event
}

describe('useShortcuts', () => {
  it('runs the handler of the key and takes the key (no default)', () => {
    const n = vi.fn()
    const help = vi.fn()
    renderHook(() => useShortcuts({ n, '?': help }))
    expect(press('n').defaultPrevented).toBe(true)
    expect(n).toHaveBeenCalledTimes(1)
    press('?', { shiftKey: true }) // Shift+/ on most layouts: Shift is allowed
    expect(help).toHaveBeenCalledTimes(1)
    expect(press('x').defaultPrevented, 'a key without a shortcut keeps its default').toBe(false)
    expect(press('N', { shiftKey: true }).defaultPrevented, 'keys are case-sensitive: N is not n').toBe(false)
    expect(n).toHaveBeenCalledTimes(1)
  })

  it('leaves the key alone when the handler answers false', () => {
    renderHook(() => useShortcuts({ Enter: () => false }))
    expect(press('Enter').defaultPrevented).toBe(false)
  })

  it('does nothing while the user types in an input, a textarea, a select or contenteditable', async () => {
    const user = userEvent.setup()
    const n = vi.fn()
    renderHook(() => useShortcuts({ n }))
    render(
      <div>
        <input aria-label="Title" />
        <textarea aria-label="Description" />
        <select aria-label="Filter">
          <option>All</option>
        </select>
        <div contentEditable suppressContentEditableWarning data-testid="notes">
          <span>inside</span>
        </div>
      </div>,
    )
    await user.type(screen.getByLabelText('Title'), 'n')
    await user.type(screen.getByLabelText('Description'), 'n')
    expect(screen.getByLabelText('Title')).toHaveValue('n')
    expect(screen.getByLabelText('Description')).toHaveValue('n')
    press('n', {}, screen.getByLabelText('Filter'))
    press('n', {}, screen.getByText('inside'))
    expect(n).not.toHaveBeenCalled()
    press('n')
    expect(n).toHaveBeenCalledTimes(1)
  })

  it('does nothing with Ctrl, Meta or Alt held', () => {
    const n = vi.fn()
    renderHook(() => useShortcuts({ n }))
    for (const mod of ['ctrlKey', 'metaKey', 'altKey'] as const) {
      expect(press('n', { [mod]: true }).defaultPrevented).toBe(false)
    }
    expect(n).not.toHaveBeenCalled()
  })

  it('does nothing while a dialog is open, nor on a key another handler took', () => {
    const n = vi.fn()
    renderHook(() => useShortcuts({ n }))
    const { unmount } = render(<dialog open aria-label="Open" />)
    press('n')
    expect(n).not.toHaveBeenCalled()
    unmount()
    const taken = new KeyboardEvent('keydown', { key: 'n', bubbles: true, cancelable: true })
    taken.preventDefault()
    act(() => {
      document.body.dispatchEvent(taken)
    })
    expect(n).not.toHaveBeenCalled()
    press('n')
    expect(n).toHaveBeenCalledTimes(1)
  })

  it('stops listening when disabled or unmounted, and uses the latest handler', () => {
    const first = vi.fn()
    const second = vi.fn()
    const { rerender, unmount } = renderHook(({ handler, enabled }) => useShortcuts({ n: handler }, enabled), {
      initialProps: { handler: first, enabled: true },
    })
    rerender({ handler: second, enabled: true })
    press('n')
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledTimes(1)
    rerender({ handler: second, enabled: false })
    press('n')
    rerender({ handler: second, enabled: true })
    unmount()
    press('n')
    expect(second).toHaveBeenCalledTimes(1)
  })
})

describe('isTypingTarget', () => {
  it('is true for text fields and false for buttons and the page', () => {
    const input = document.createElement('input')
    const button = document.createElement('button')
    expect(isTypingTarget(input)).toBe(true)
    expect(isTypingTarget(button)).toBe(false)
    expect(isTypingTarget(document.body)).toBe(false)
    expect(isTypingTarget(null)).toBe(false)
  })
})
