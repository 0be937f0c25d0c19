import { Plus, X } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import type { components } from '@/types/openapi'

type AgentSettings = components['schemas']['AgentSettings']
type AgentSettingsRequest = components['schemas']['AgentSettingsRequest']

/** The runtimes a project may choose; '' is the server's own (`AGENT_RUNTIME`). */
export const RUNTIMES = ['demo', 'claude-code', 'codex', 'gemini', 'opencode', 'command', 'acp'] as const

const NAME = /^[A-Z_][A-Z0-9_]{0,99}$/

/**
 * One variable of the form. A secret the server already holds (`stored`) shows as "set": left empty it
 * keeps its value, typing one replaces it, removing the row clears it.
 */
export interface EnvRow {
  name: string
  value: string
  secret: boolean
  stored: boolean
}

/** The form's state of a project's agent settings. */
export interface AgentForm {
  runtime: string
  plannerRuntime: string
  plannerModel: string
  workerRuntime: string
  workerModel: string
  env: EnvRow[]
  setupCommand: string
}

export function agentFormOf(settings: AgentSettings | undefined): AgentForm {
  return {
    runtime: settings?.runtime ?? '',
    plannerRuntime: settings?.planner.runtime ?? '',
    plannerModel: settings?.planner.model ?? '',
    workerRuntime: settings?.worker.runtime ?? '',
    workerModel: settings?.worker.model ?? '',
    env: [
      ...Object.entries(settings?.env ?? {}).map(([name, value]) => ({ name, value, secret: false, stored: false })),
      ...(settings?.secret_env ?? []).map((name) => ({ name, value: '', secret: true, stored: true })),
    ],
    setupCommand: settings?.setup_command ?? '',
  }
}

/** The `agent_settings` of the PATCH, or the first problem to show. */
export function agentSettingsOf(form: AgentForm): { settings?: AgentSettingsRequest; error?: string } {
  const env: Record<string, string> = {}
  const secrets: Record<string, string | null> = {}
  for (const row of form.env) {
    const name = row.name.trim()
    if (!name && !row.value) continue
    if (!NAME.test(name)) return { error: `${name || 'A variable'}: use capital letters, digits and _ (not starting with a digit)` }
    if (name.startsWith('IV_') || name === 'PATH' || name === 'HOME') return { error: `${name} is set by the orchestrator` }
    if (name in env || name in secrets) return { error: `${name} is listed twice` }
    if (row.secret) {
      // a stored secret left empty keeps its value on the server
      if (!row.value && !row.stored) return { error: `${name}: give the secret's value` }
      secrets[name] = row.value ? row.value : null
    } else {
      env[name] = row.value
    }
  }
  const role = (runtime: string, model: string) => ({ runtime: runtime || null, model: model.trim() || null })
  return {
    settings: {
      // a field left out is the server's default, as null would be
      runtime: form.runtime || undefined,
      planner: role(form.plannerRuntime, form.plannerModel),
      worker: role(form.workerRuntime, form.workerModel),
      env,
      // null keeps a stored secret; the API document types the map's values as strings only
      secret_env: secrets as Record<string, string>,
      setup_command: form.setupCommand.trim() || undefined,
    },
  }
}

function RuntimeSelect({ id, value, onChange, inherit }: { id: string; value: string; onChange: (v: string) => void; inherit: string }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className="h-8 rounded-md border border-border bg-surface px-2 text-xs">
      <option value="">{inherit}</option>
      {RUNTIMES.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  )
}

/** The "Agents" part of the project's settings: runtime and model per role, variables and secrets, setup command. */
export function AgentSettingsFields({ form, onChange }: { form: AgentForm; onChange: (form: AgentForm) => void }) {
  const set = (patch: Partial<AgentForm>) => onChange({ ...form, ...patch })
  const setRow = (i: number, patch: Partial<EnvRow>) => set({ env: form.env.map((r, j) => (j === i ? { ...r, ...patch } : r)) })
  return (
    <fieldset className="space-y-3 rounded-md border border-border p-2">
      <legend className="px-1 text-xs font-semibold">Agents</legend>
      <div className="flex items-center gap-2">
        <label htmlFor="agent-runtime" className="w-16 text-xs font-medium">
          Runtime
        </label>
        <RuntimeSelect id="agent-runtime" value={form.runtime} onChange={(runtime) => set({ runtime })} inherit="server default" />
      </div>
      {(['planner', 'worker'] as const).map((role) => (
        <div key={role} className="flex flex-wrap items-center gap-2">
          <span className="w-16 text-xs font-medium capitalize">{role}</span>
          <RuntimeSelect
            id={`${role}-runtime`}
            value={role === 'planner' ? form.plannerRuntime : form.workerRuntime}
            onChange={(v) => set(role === 'planner' ? { plannerRuntime: v } : { workerRuntime: v })}
            inherit="project runtime"
          />
          <Input
            aria-label={`${role} model`}
            value={role === 'planner' ? form.plannerModel : form.workerModel}
            onChange={(e) => set(role === 'planner' ? { plannerModel: e.target.value } : { workerModel: e.target.value })}
            placeholder="model (server default)"
            className="w-44 font-mono"
          />
        </div>
      ))}
      <div>
        <span className="mb-1 block text-xs font-medium">Environment</span>
        <ul className="space-y-1" aria-label="Environment variables">
          {form.env.map((row, i) => (
            <li key={i} className="flex items-center gap-1.5">
              <Input aria-label={`Variable ${i + 1} name`} value={row.name} onChange={(e) => setRow(i, { name: e.target.value })} placeholder="NAME" className="w-36 font-mono" />
              <Input
                aria-label={`Variable ${i + 1} value`}
                type={row.secret ? 'password' : 'text'}
                autoComplete="off"
                value={row.value}
                onChange={(e) => setRow(i, { value: e.target.value })}
                placeholder={row.stored ? 'set (type to replace)' : 'value'}
                className="min-w-0 flex-1 font-mono"
              />
              <label className="flex items-center gap-1 text-[11px]">
                <input type="checkbox" checked={row.secret} disabled={row.stored} onChange={(e) => setRow(i, { secret: e.target.checked })} aria-label={`Variable ${i + 1} is secret`} />
                secret
              </label>
              <Button size="icon" variant="ghost" onClick={() => set({ env: form.env.filter((_, j) => j !== i) })} aria-label={`Remove ${row.name || `variable ${i + 1}`}`}>
                <X className="size-3.5" />
              </Button>
            </li>
          ))}
        </ul>
        <Button size="sm" variant="ghost" onClick={() => set({ env: [...form.env, { name: '', value: '', secret: false, stored: false }] })}>
          <Plus /> Add variable
        </Button>
        <p className="text-[11px] text-muted">Secret values are stored encrypted and never shown again.</p>
      </div>
      <div>
        <label htmlFor="setup-command" className="mb-1 block text-xs font-medium">
          Setup command
        </label>
        <Input id="setup-command" value={form.setupCommand} onChange={(e) => set({ setupCommand: e.target.value })} placeholder="e.g. npm ci (runs in each new worktree)" className="font-mono" />
      </div>
    </fieldset>
  )
}
