import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { NOTIFICATIONS_STORAGE_KEY } from '@/lib/notifications'
import { resetNotifierForTests } from '@/lib/notifications/notifier'
import { NotificationsToggle } from './notifications-toggle'

function installNotification(permission: NotificationPermission, answer: NotificationPermission) {
  const Fake = vi.fn() as unknown as { permission: NotificationPermission; requestPermission: () => Promise<NotificationPermission> }
  Fake.permission = permission
  Fake.requestPermission = vi.fn(async () => (Fake.permission = answer))
  vi.stubGlobal('Notification', Fake)
  return Fake
}

beforeEach(() => {
  localStorage.clear()
  resetNotifierForTests()
})

afterEach(() => vi.unstubAllGlobals())

describe('NotificationsToggle', () => {
  it('asks for the permission when switched on, then shows itself pressed; off again when clicked', async () => {
    const Fake = installNotification('default', 'granted')
    render(<NotificationsToggle />)
    const bell = screen.getByRole('button', { name: 'Notifications' })
    expect(bell).toHaveAttribute('aria-pressed', 'false')
    await userEvent.click(bell)
    await waitFor(() => expect(bell).toHaveAttribute('aria-pressed', 'true'))
    expect(Fake.requestPermission).toHaveBeenCalledOnce()
    expect(localStorage.getItem(NOTIFICATIONS_STORAGE_KEY)).toBe('on')
    await userEvent.click(bell)
    await waitFor(() => expect(bell).toHaveAttribute('aria-pressed', 'false'))
    expect(localStorage.getItem(NOTIFICATIONS_STORAGE_KEY)).toBeNull()
  })

  it('stays off when the browser refuses, and says so', async () => {
    installNotification('default', 'denied')
    render(<NotificationsToggle />)
    const bell = screen.getByRole('button', { name: 'Notifications' })
    await userEvent.click(bell)
    await waitFor(() => expect(bell).toBeDisabled())
    expect(bell).toHaveAttribute('aria-pressed', 'false')
    expect(bell).toHaveAttribute('title', expect.stringMatching(/blocked/))
  })

  it('is disabled where the browser has no notifications', () => {
    vi.stubGlobal('Notification', undefined)
    render(<NotificationsToggle />)
    expect(screen.getByRole('button', { name: 'Notifications' })).toBeDisabled()
  })
})
