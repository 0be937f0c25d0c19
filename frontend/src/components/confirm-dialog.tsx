import type { ReactNode } from 'react'
import { Button } from '@/components/ui/button'
import { Dialog, DialogClose, DialogContent } from '@/components/ui/dialog'

export interface ConfirmDialogProps {
  open: boolean
  onOpenChange: (open: boolean) => void
  title: string
  /** What the action does and what goes with it, in words. */
  children: ReactNode
  confirmLabel: string
  onConfirm: () => void
  pending?: boolean
}

/** Asks before a destructive action; Cancel is the default focus, so Enter alone does not destroy. */
export function ConfirmDialog({ open, onOpenChange, title, children, confirmLabel, onConfirm, pending }: ConfirmDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title={title}>
        <div className="space-y-2 text-[13px]">{children}</div>
        <div className="mt-4 flex justify-end gap-2">
          <DialogClose asChild>
            <Button autoFocus>Cancel</Button>
          </DialogClose>
          <Button variant="danger" onClick={onConfirm} disabled={pending}>
            {confirmLabel}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  )
}
