import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AttentionItem } from './attention'
import { NOTIFICATIONS_STORAGE_KEY, reportAttention, resetNotifierForTests, setNotificationsEnabled, unseenCount } from './notifier'

const item: AttentionItem = { kind: 'finished', title: 'Subtask s1 finished', body: 'Write the form', tag: 'subtask:1' }

let visibility: DocumentVisibilityState = 'visible'
let focused = true

function setVisibility(next: DocumentVisibilityState, focus = next === 'visible') {
  visibility = next
  focused = focus
  document.dispatchEvent(new Event('visibilitychange'))
}

/** A Notification that records what it was made with. */
function installNotification(permission: NotificationPermission, answer: NotificationPermission = permission) {
  const made: { title: string; options?: NotificationOptions }[] = []
  const Fake = vi.fn(function (this: unknown, title: string, options?: NotificationOptions) {
    made.push({ title, options })
  }) as unknown as typeof Notification & { permission: NotificationPermission; requestPermission: () => Promise<NotificationPermission> }
  Fake.permission = permission
  Fake.requestPermission = vi.fn(async () => {
    Fake.permission = answer
    return answer
  })
  vi.stubGlobal('Notification', Fake)
  return { made, Fake }
}

beforeEach(() => {
  localStorage.clear()
  resetNotifierForTests()
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility)
  vi.spyOn(document, 'hasFocus').mockImplementation(() => focused)
  visibility = 'visible'
  focused = true
  document.title = 'Intern Village'
})

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

describe('the count in the tab title', () => {
  it('counts items while the page is hidden and goes when it is visible again', () => {
    setVisibility('hidden')
    reportAttention(item)
    reportAttention(item)
    expect(document.title).toBe('(2) Intern Village')
    expect(unseenCount()).toBe(2)
    setVisibility('visible')
    expect(document.title).toBe('Intern Village')
    expect(unseenCount()).toBe(0)
  })

  it('counts while the page is visible but unfocused, and goes when the window gets focus', () => {
    focused = false
    reportAttention(item)
    expect(document.title).toBe('(1) Intern Village')
    focused = true
    window.dispatchEvent(new Event('focus'))
    expect(document.title).toBe('Intern Village')
  })

  it('counts nothing while the page is looked at', () => {
    reportAttention(item)
    expect(document.title).toBe('Intern Village')
    expect(unseenCount()).toBe(0)
  })
})

describe('browser notifications', () => {
  it('fire nothing until the user opts in', () => {
    const { made } = installNotification('granted')
    reportAttention(item)
    expect(made).toEqual([])
  })

  it('ask for the permission when switched on, and fire with a tag once granted', async () => {
    const { made, Fake } = installNotification('default', 'granted')
    await setNotificationsEnabled(true)
    expect(Fake.requestPermission).toHaveBeenCalledOnce()
    expect(localStorage.getItem(NOTIFICATIONS_STORAGE_KEY)).toBe('on')
    reportAttention(item)
    expect(made).toEqual([{ title: 'Subtask s1 finished', options: { body: 'Write the form', tag: 'subtask:1' } }])
  })

  it('stay off when the permission is refused', async () => {
    const { made } = installNotification('default', 'denied')
    await setNotificationsEnabled(true)
    expect(localStorage.getItem(NOTIFICATIONS_STORAGE_KEY)).toBeNull()
    reportAttention(item)
    expect(made).toEqual([])
  })

  it('fire nothing when the permission was taken back after opting in', () => {
    localStorage.setItem(NOTIFICATIONS_STORAGE_KEY, 'on')
    resetNotifierForTests()
    const { made } = installNotification('denied')
    reportAttention(item)
    expect(made).toEqual([])
  })

  it('remember the choice, and stop when switched off', async () => {
    localStorage.setItem(NOTIFICATIONS_STORAGE_KEY, 'on')
    resetNotifierForTests()
    const { made } = installNotification('granted')
    reportAttention(item)
    expect(made).toHaveLength(1)
    await setNotificationsEnabled(false)
    expect(localStorage.getItem(NOTIFICATIONS_STORAGE_KEY)).toBeNull()
    reportAttention(item)
    expect(made).toHaveLength(1)
  })

  it('do nothing where the browser has no Notification', async () => {
    vi.stubGlobal('Notification', undefined)
    await setNotificationsEnabled(true)
    expect(() => reportAttention(item)).not.toThrow()
  })
})
