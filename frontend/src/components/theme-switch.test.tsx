import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { THEME_STORAGE_KEY } from '@/lib/theme'
import { ThemeSwitch } from './theme-switch'

/** A controllable prefers-color-scheme. */
function systemPrefers(dark: boolean) {
  const listeners = new Set<(e: MediaQueryListEvent) => void>()
  const query = {
    get matches() {
      return dark
    },
    addEventListener: (_: string, l: (e: MediaQueryListEvent) => void) => listeners.add(l),
    removeEventListener: (_: string, l: (e: MediaQueryListEvent) => void) => listeners.delete(l),
  }
  vi.stubGlobal('matchMedia', () => query)
  return (next: boolean) => {
    dark = next
    listeners.forEach((l) => l({ matches: next } as MediaQueryListEvent))
  }
}

const isDark = () => document.documentElement.classList.contains('dark')

describe('ThemeSwitch', () => {
  beforeEach(() => localStorage.clear())
  afterEach(() => vi.unstubAllGlobals())

  it('follows the system preference, live, until the user picks a theme, which is remembered', async () => {
    const user = userEvent.setup()
    const flip = systemPrefers(true)
    const { unmount } = render(<ThemeSwitch />)
    const select = screen.getByRole('combobox', { name: 'Theme' })
    expect(select).toHaveValue('system')
    expect(isDark()).toBe(true)
    act(() => flip(false))
    expect(isDark()).toBe(false)

    await user.selectOptions(select, 'dark')
    expect(isDark()).toBe(true)
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark')
    act(() => flip(false))
    expect(isDark()).toBe(true)
    unmount()

    render(<ThemeSwitch />)
    expect(screen.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark')
    await user.selectOptions(screen.getByRole('combobox', { name: 'Theme' }), 'system')
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull()
    expect(isDark()).toBe(false)
    await user.selectOptions(screen.getByRole('combobox', { name: 'Theme' }), 'light')
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('light')
    expect(document.documentElement.style.colorScheme).toBe('light')
    // leave the page's choice as a fresh page would have it
    await user.selectOptions(screen.getByRole('combobox', { name: 'Theme' }), 'system')
  })
})
