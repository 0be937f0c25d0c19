import { useTheme, type ThemeChoice } from '@/lib/theme'

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' }

/** Light, dark, or whatever the system prefers; remembered in this browser. */
export function ThemeSwitch() {
  const { choice, choose } = useTheme()
  return (
    <select
        value={choice}
        onChange={(e) => choose(e.target.value as ThemeChoice)}
        aria-label="Theme"
        className="h-6 rounded border border-border bg-bg px-1 text-xs text-fg"
      >
        {(Object.keys(LABELS) as ThemeChoice[]).map((c) => (
        <option key={c} value={c}>
          {LABELS[c]}
        </option>
      ))}
    </select>
  )
}
