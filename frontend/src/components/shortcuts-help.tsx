import { Dialog, DialogContent } from '@/components/ui/dialog'
import { SHORTCUTS } from '@/lib/use-shortcuts'

function Keys({ keys }: { keys: string[] }) {
  return (
    <span className="flex items-center gap-1">
      {keys.map((k, i) => (
        <span key={k} className="flex items-center gap-1">
          {i > 0 && <span className="text-[11px] text-muted">or</span>}
          <kbd className="inline-flex h-5 min-w-5 items-center justify-center rounded border border-border bg-raised px-1 font-mono text-[11px] text-fg">{k}</kbd>
        </span>
      ))}
    </span>
  )
}

function Group({ title, where }: { title: string; where?: string }) {
  const rows = SHORTCUTS.filter((s) => s.where === where)
  return (
    <section aria-labelledby={`shortcuts-${where ?? 'anywhere'}`}>
      <h3 id={`shortcuts-${where ?? 'anywhere'}`} className="mb-1 text-xs font-semibold tracking-wide text-muted uppercase">
        {title}
      </h3>
      <dl className="divide-y divide-border rounded-md border border-border">
        {rows.map((s) => (
          <div key={s.description} className="flex items-center justify-between gap-4 px-2 py-1.5">
            <dt className="text-[13px]">{s.description}</dt>
            <dd>
              <Keys keys={s.keys} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  )
}

/** The keyboard shortcuts: opened with "?" or the header's keyboard button. */
export function ShortcutsHelp({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title="Keyboard shortcuts" description="Single keys; they do nothing while you type in a field or hold Ctrl, Alt or ⌘.">
        <div className="space-y-3">
          <Group title="Anywhere" />
          <Group title="On a board" where="board" />
          <p className="text-[11px] text-muted">
            The board has no text search: <kbd className="font-mono">/</kbd> focuses its task filter, whose arrow keys pick the task to show.
          </p>
        </div>
      </DialogContent>
    </Dialog>
  )
}
