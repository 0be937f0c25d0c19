import { Bell, BellOff } from 'lucide-react'
import { useNotificationsSetting } from '@/lib/notifications'

/** The header's bell: opt in to browser notifications when an agent finishes or a subtask needs you. */
export function NotificationsToggle() {
  const { on, permission, setEnabled } = useNotificationsSetting()
  const title =
    permission === 'unsupported'
      ? 'This browser cannot show notifications'
      : permission === 'denied'
        ? 'Notifications are blocked in this browser’s site settings'
        : on
          ? 'Notifications on: you hear when an agent finishes or a subtask needs you'
          : 'Notify me when an agent finishes or a subtask needs you'
  return (
    <button
      type="button"
      aria-label="Notifications"
      aria-pressed={on}
      title={title}
      disabled={permission === 'unsupported' || permission === 'denied'}
      onClick={() => void setEnabled(!on)}
      className="rounded p-1 hover:bg-raised hover:text-fg disabled:opacity-50 aria-pressed:text-fg"
    >
      {on ? <Bell className="size-4" /> : <BellOff className="size-4" />}
    </button>
  )
}
