import { useSyncExternalStore } from 'react'
import type { AttentionItem } from './attention'

/**
 * What happens to an attention item: while the page is hidden or unfocused it counts in the tab
 * title ("(2) Intern Village") until the page is looked at again; and when the user switched
 * notifications on and the browser permits them, it becomes a system notification (whether or not
 * the page is looked at: the board may be in a tab behind others).
 */

export const NOTIFICATIONS_STORAGE_KEY = 'iv-notifications'

const PREFIX = /^\(\d+\) /

export type NotificationSupport = 'unsupported' | NotificationPermission

function support(): NotificationSupport {
  return typeof globalThis.Notification === 'function' ? globalThis.Notification.permission : 'unsupported'
}

function storedEnabled(): boolean {
  try {
    return localStorage.getItem(NOTIFICATIONS_STORAGE_KEY) === 'on'
  } catch {
    return false
  }
}

let enabled: boolean | null = null
let unseen = 0
const listeners = new Set<() => void>()
const emit = () => listeners.forEach((l) => l())

function isEnabled() {
  return (enabled ??= storedEnabled())
}

function pageUnattended() {
  if (typeof document === 'undefined') return false
  return document.visibilityState === 'hidden' || !document.hasFocus()
}

function showCount() {
  const base = document.title.replace(PREFIX, '')
  document.title = unseen > 0 ? `(${unseen}) ${base}` : base
}

/** The number of attention items the tab title shows (0 when it shows none). */
export function unseenCount() {
  return unseen
}

/** The page is looked at again: the count goes. */
export function resetUnseen() {
  if (unseen === 0 && !PREFIX.test(document.title)) return
  unseen = 0
  showCount()
}

let watching = false
function watchAttention() {
  if (watching || typeof document === 'undefined') return
  watching = true
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && document.hasFocus()) resetUnseen()
  })
  window.addEventListener('focus', () => {
    if (document.visibilityState === 'visible') resetUnseen()
  })
}

/** Counts the item in the title (when nobody looks) and notifies (when opted in and permitted). */
export function reportAttention(item: AttentionItem) {
  watchAttention()
  if (pageUnattended()) {
    unseen += 1
    showCount()
  }
  if (isEnabled() && support() === 'granted') {
    try {
      const shown = new globalThis.Notification(item.title, { body: item.body, tag: item.tag })
      // a click brings the board back
      shown.onclick = () => {
        window.focus()
        shown.close()
      }
    } catch {
      // some browsers (Android Chrome) allow notifications only from a service worker: the title still counts
    }
  }
}

function save(next: boolean) {
  enabled = next
  try {
    if (next) localStorage.setItem(NOTIFICATIONS_STORAGE_KEY, 'on')
    else localStorage.removeItem(NOTIFICATIONS_STORAGE_KEY)
  } catch {
    // storage blocked: the choice lasts for this page
  }
  emit()
}

/** Switches notifications on (asking for the permission when the browser has not been asked) or off. */
export async function setNotificationsEnabled(next: boolean): Promise<void> {
  if (!next) return save(false)
  const Notif = globalThis.Notification
  if (typeof Notif !== 'function') return
  let permission = Notif.permission
  if (permission === 'default') {
    try {
      permission = await Notif.requestPermission()
    } catch {
      permission = 'denied'
    }
  }
  save(permission === 'granted')
}

/** Tests start from a clean page. */
export function resetNotifierForTests() {
  enabled = null
  unseen = 0
  emit()
}

const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/** For the bell: whether notifications are on, and what the browser allows. */
export function useNotificationsSetting() {
  const on = useSyncExternalStore(subscribe, isEnabled)
  const permission = useSyncExternalStore(subscribe, support)
  return { on: on && permission === 'granted', permission, setEnabled: setNotificationsEnabled }
}
