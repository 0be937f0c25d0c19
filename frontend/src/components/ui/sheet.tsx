import { Dialog as DialogPrimitive } from 'radix-ui'
import { X } from 'lucide-react'
import { useRef, type ReactNode } from 'react'
import { cn } from '@/lib/utils'

/** A right-hand panel (shadcn "Sheet"): a Radix dialog, so focus is trapped and restored. */
export function Sheet({
  open,
  onOpenChange,
  title,
  header,
  children,
  className,
  width = 'w-[min(760px,100vw)]',
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  title: ReactNode
  header?: ReactNode
  children: ReactNode
  className?: string
  width?: string
}) {
  // a sheet opened without a trigger (a card's title, a shortcut, a link) gives the focus back to
  // whatever had it, when that is still on the page, instead of dropping it on the body
  const returnTo = useRef<Element | null>(null)
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-30 bg-black/40" />
        <DialogPrimitive.Content
          className={cn(
            'fixed inset-y-0 right-0 z-40 flex flex-col border-l border-border bg-panel shadow-2xl outline-none',
            width,
            className,
          )}
          onOpenAutoFocus={() => {
            returnTo.current = document.activeElement
          }}
          onCloseAutoFocus={(event) => {
            const back = returnTo.current
            returnTo.current = null
            if (back instanceof HTMLElement && back !== document.body && back.isConnected) {
              event.preventDefault()
              back.focus()
            }
          }}
        >
          <div className="flex items-center gap-2 border-b border-border px-4 py-2.5">
            <DialogPrimitive.Title className="min-w-0 truncate text-sm font-semibold">{title}</DialogPrimitive.Title>
            <DialogPrimitive.Description className="sr-only">{title}</DialogPrimitive.Description>
            <div className="flex min-w-0 flex-1 items-center gap-2">{header}</div>
            <DialogPrimitive.Close aria-label="Close panel" className="rounded p-1 text-muted hover:bg-raised hover:text-fg">
              <X className="size-4" />
            </DialogPrimitive.Close>
          </div>
          {children}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  )
}
