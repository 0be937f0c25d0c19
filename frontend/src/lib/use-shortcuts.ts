import { useEffect, useRef } from 'react'

/**
 * A shortcut's handler, by `KeyboardEvent.key` ("?", "n", "ArrowDown"). It returns `false` when the
 * key means nothing right now (e.g. Enter with no card focused): the key then keeps its default.
 */
export type ShortcutHandler = (event: KeyboardEvent) => boolean | void
export type Shortcuts = Partial<Record<string, ShortcutHandler>>

/** Whether the key goes to something the user types into: a text field, a select, or editable content. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false
  if (target instanceof HTMLElement && target.isContentEditable) return true
  if (target.closest('[contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]')) return true
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.getAttribute('role') === 'textbox'
}

/** Whether a modal (a dialog, a sheet) is open: the page behind it takes no shortcuts. */
function modalOpen(target: EventTarget | null): boolean {
  const modal = '[role="dialog"], [role="alertdialog"], dialog[open]'
  if (target instanceof Element && target.closest(modal)) return true
  return document.querySelector(modal) !== null
}

/**
 * Single-key shortcuts on the window. None fires while the user types (inputs, textareas, selects,
 * contenteditable), with Ctrl, Meta or Alt held (the browser's and the system's own shortcuts), while
 * a dialog is open (Escape is Radix's there), or on a key some other handler already took.
 * Shift is allowed: "?" is Shift+/ on most layouts.
 */
export function useShortcuts(shortcuts: Shortcuts, enabled = true) {
  // the latest handlers without re-subscribing on every render
  const latest = useRef(shortcuts)
  useEffect(() => {
    latest.current = shortcuts
  })
  useEffect(() => {
    if (!enabled) return
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return
      if (event.ctrlKey || event.metaKey || event.altKey) return
      if (isTypingTarget(event.target) || modalOpen(event.target)) return
      const handler = latest.current[event.key]
      if (!handler) return
      if (handler(event) === false) return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [enabled])
}

/** The shortcuts, for the help dialog: keys as shown, and what they do. */
export const SHORTCUTS: { keys: string[]; description: string; where?: string }[] = [
  { keys: ['?'], description: 'Show keyboard shortcuts' },
  { keys: ['n'], description: 'New task', where: 'board' },
  { keys: ['/'], description: 'Focus the task filter', where: 'board' },
  { keys: ['j', '↓'], description: 'Focus the next subtask card', where: 'board' },
  { keys: ['k', '↑'], description: 'Focus the previous subtask card', where: 'board' },
  { keys: ['Enter', 'o'], description: 'Open the focused card', where: 'board' },
  { keys: ['Esc'], description: 'Close a dialog or panel' },
]
