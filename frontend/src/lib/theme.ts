import { useEffect, useState, useSyncExternalStore } from 'react'

/** What the user picked: follow the system (prefers-color-scheme), or one theme for good. */
export type ThemeChoice = 'system' | 'light' | 'dark'

export const THEME_STORAGE_KEY = 'iv-theme'
const DARK_QUERY = '(prefers-color-scheme: dark)'

export function storedChoice(): ThemeChoice {
  try {
    const value = localStorage.getItem(THEME_STORAGE_KEY)
    return value === 'light' || value === 'dark' ? value : 'system'
  } catch {
    return 'system' // storage blocked: follow the system
  }
}

function systemPrefersDark() {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches
}

export function resolveTheme(choice: ThemeChoice, prefersDark: boolean): 'light' | 'dark' {
  return choice === 'system' ? (prefersDark ? 'dark' : 'light') : choice
}

/** The `dark` class on <html> switches the CSS tokens (index.css); index.html sets it before the first paint. */
function apply(theme: 'light' | 'dark') {
  document.documentElement.classList.toggle('dark', theme === 'dark')
  document.documentElement.style.colorScheme = theme
}

// One choice for the page: the switch changes it, and whatever else follows the theme (the toasts) sees it.
let current: ThemeChoice | null = null
const listeners = new Set<() => void>()
const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}
const snapshot = () => (current ??= storedChoice())

function setChoice(next: ThemeChoice) {
  current = next
  listeners.forEach((l) => l())
}

/** The theme in effect and the user's choice, kept in localStorage; "system" follows changes live. */
export function useTheme() {
  const choice = useSyncExternalStore(subscribe, snapshot)
  const [prefersDark, setPrefersDark] = useState(systemPrefersDark)

  useEffect(() => {
    if (typeof matchMedia !== 'function') return
    const query = matchMedia(DARK_QUERY)
    const onChange = (e: MediaQueryListEvent) => setPrefersDark(e.matches)
    query.addEventListener('change', onChange)
    return () => query.removeEventListener('change', onChange)
  }, [])

  const resolved = resolveTheme(choice, prefersDark)
  useEffect(() => apply(resolved), [resolved])

  const choose = (next: ThemeChoice) => {
    setChoice(next)
    try {
      if (next === 'system') localStorage.removeItem(THEME_STORAGE_KEY)
      else localStorage.setItem(THEME_STORAGE_KEY, next)
    } catch {
      // storage blocked: the choice lasts for this page only
    }
  }
  return { choice, resolved, choose }
}
