import { Settings } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogTrigger } from '@/components/ui/dialog'
import { FieldError, Input } from '@/components/ui/input'
import { Switch } from '@/components/ui/switch'
import { ApiError } from '@/lib/api-client'
import { AUTOPILOT_HINT } from '@/lib/autopilot'
import { parseBudget } from '@/lib/budget'
import { PLAN_REVIEW_HINT } from '@/lib/plan-approval'
import type { Project } from '@/types/api'
import { useUpdateProject } from '../api/projects'
import { agentFormOf, agentSettingsOf, AgentSettingsFields } from './agent-settings-fields'

export const CHECK_COMMAND_MAX = 2000

/**
 * The project's check command (run after each worker), its cap on automatic follow-ups, whether new
 * tasks start on autopilot or wait for their plan's review, their default budget, and how its agents
 * run (the Agents section).
 */
export function ProjectSettingsDialog({ project }: { project: Project }) {
  const [open, setOpen] = useState(false)
  const [check, setCheck] = useState(project.check_command ?? '')
  const [maxFollowUps, setMaxFollowUps] = useState(String(project.max_follow_ups))
  const [autopilot, setAutopilot] = useState(!!project.autopilot_default)
  const [approval, setApproval] = useState(!!project.require_approval)
  const [planReview, setPlanReview] = useState(!!project.plan_approval_default)
  const [budget, setBudget] = useState(project.budget_usd_default != null ? String(project.budget_usd_default) : '')
  const [agents, setAgents] = useState(() => agentFormOf(project.agent_settings))
  const [error, setError] = useState<string | null>(null)
  const update = useUpdateProject(project.id)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const max = Number(maxFollowUps)
    if (!Number.isInteger(max) || max < 0 || max > 20) return setError('Follow-ups must be a whole number from 0 to 20')
    if (check.length > CHECK_COMMAND_MAX) return setError(`The check command must be at most ${CHECK_COMMAND_MAX} characters`)
    const budgetDefault = parseBudget(budget)
    if (budgetDefault.error) return setError(budgetDefault.error)
    const agentSettings = agentSettingsOf(agents)
    if (agentSettings.error) return setError(agentSettings.error)
    setError(null)
    // only what changed: agent_settings replaces them all, and an unchanged form keeps its secrets anyway
    const agentsChanged = JSON.stringify(agentSettings.settings) !== JSON.stringify(agentSettingsOf(agentFormOf(project.agent_settings)).settings)
    update.mutate(
      {
        check_command: check.trim(),
        max_follow_ups: max,
        autopilot_default: autopilot,
        require_approval: approval,
        plan_approval_default: planReview,
        ...(budgetDefault.value !== (project.budget_usd_default ?? null) ? { budget_usd_default: budgetDefault.value } : {}),
        ...(agentsChanged ? { agent_settings: agentSettings.settings } : {}),
      },
      {
        onSuccess: () => setOpen(false),
        onError: (err) => setError(err instanceof ApiError ? err.message : 'Could not save the settings'),
      },
    )
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o)
        if (o) {
          setCheck(project.check_command ?? '')
          setMaxFollowUps(String(project.max_follow_ups))
          setAutopilot(!!project.autopilot_default)
          setApproval(!!project.require_approval)
          setPlanReview(!!project.plan_approval_default)
          setBudget(project.budget_usd_default != null ? String(project.budget_usd_default) : '')
          setAgents(agentFormOf(project.agent_settings))
        }
        setError(null)
      }}
    >
      <DialogTrigger asChild>
        <Button variant="ghost" aria-label="Project settings">
          <Settings /> Settings
        </Button>
      </DialogTrigger>
      <DialogContent title="Project settings" description="Checks run in the worktree after each worker, like the agent.">
        <form onSubmit={submit} noValidate className="space-y-3">
          <div>
            <label htmlFor="check-command" className="mb-1 block text-xs font-medium">
              Check command
            </label>
            <Input
              id="check-command"
              value={check}
              onChange={(e) => setCheck(e.target.value)}
              placeholder="e.g. npm test (empty: no check)"
              className="font-mono"
            />
          </div>
          <div>
            <label htmlFor="max-follow-ups" className="mb-1 block text-xs font-medium">
              Automatic follow-ups per subtask
            </label>
            <Input
              id="max-follow-ups"
              value={maxFollowUps}
              onChange={(e) => setMaxFollowUps(e.target.value)}
              inputMode="numeric"
              className="w-24"
            />
          </div>
          <div className="flex items-start gap-2">
            <Switch id="autopilot-default" checked={autopilot} onCheckedChange={setAutopilot} aria-describedby="autopilot-default-hint" className="mt-0.5" />
            <div>
              <label htmlFor="autopilot-default" className="block text-xs font-medium">
                Autopilot for new tasks
              </label>
              <p id="autopilot-default-hint" className="text-[11px] text-muted">
                {AUTOPILOT_HINT}; each task can still be switched on its own
              </p>
            </div>
          </div>
          <div className="flex items-start gap-2">
            <Switch id="require-approval" checked={approval} onCheckedChange={setApproval} aria-describedby="require-approval-hint" className="mt-0.5" />
            <div>
              <label htmlFor="require-approval" className="block text-xs font-medium">
                Require approval
              </label>
              <p id="require-approval-hint" className="text-[11px] text-muted">
                The autopilot merges only work you approved in its review view
              </p>
            </div>
          </div>
          <div className="flex items-start gap-2">
            <Switch id="plan-approval-default" checked={planReview} onCheckedChange={setPlanReview} aria-describedby="plan-approval-default-hint" className="mt-0.5" />
            <div>
              <label htmlFor="plan-approval-default" className="block text-xs font-medium">
                Review the plan of new tasks before work starts
              </label>
              <p id="plan-approval-default-hint" className="text-[11px] text-muted">
                {PLAN_REVIEW_HINT}; each new task can still opt out
              </p>
            </div>
          </div>
          <div>
            <label htmlFor="budget-default" className="mb-1 block text-xs font-medium">
              Budget for new tasks (US dollars)
            </label>
            <Input id="budget-default" value={budget} onChange={(e) => setBudget(e.target.value)} inputMode="decimal" placeholder="no limit" className="w-32" />
          </div>
          <AgentSettingsFields form={agents} onChange={setAgents} />
          <FieldError id="project-settings-error">{error}</FieldError>
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="default" disabled={update.isPending}>
              Save
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  )
}
