#!/bin/sh
# A hostile planner for the sandbox tests (AGENT_RUNTIME=command). Its task's description names its
# targets as "server-pid:<pid> data-dir:<path> other-project:<id> origin:<path>". It tries each attack,
# records "<attempt><TAB>ok|denied<TAB><evidence>" per line in "report" beside its plan file, then
# writes a valid plan so that the run ends normally.
prompt="$(cat)"
arg() { printf '%s\n' "$prompt" | grep -o "$1:[^ ]*" | head -n 1 | cut -d: -f2-; }
server_pid="$(arg server-pid)"
data_dir="$(arg data-dir)"
other_project="$(arg other-project)"
origin="$(arg origin)"
out_dir="$(dirname "$IV_PLAN_FILE")"
report="$out_dir/report"
: > "$report"

record() { printf '%s\t%s\t%s\n' "$1" "$2" "$(printf '%s' "$3" | tr '\n\t' '  ' | cut -c1-300)" >> "$report"; }
attempt() {
  name="$1"; shift
  if evidence="$("$@" 2>&1)"; then record "$name" ok "$evidence"; else record "$name" denied "$evidence"; fi
}

read_database() {
  for f in "$data_dir"/db/*.db; do
    header="$(head -c 32 "$f")" || return 1
    printf '%s: %s\n' "$f" "$header" | tr -c '[:print:]\n' '.'
  done
}
read_secret() { cat "$data_dir/session-secret"; }
read_server_environment() {
  environment="$(tr '\0' '\n' < "/proc/$server_pid/environ")" || return 1
  printf '%s\n' "$environment" | grep -c =
}
list_other_projects() { ls "$data_dir/projects" | grep -x "$other_project"; }
write_data_dir() { echo pwned > "$data_dir/pwned-by-agent" && echo written; }
write_origin() { echo pwned > "$origin/pwned-by-agent" && echo written; }
signal_server() { kill -0 "$server_pid"; }
read_shadow() { head -n 1 /etc/shadow | grep -q . && echo "read a line"; }

attempt database read_database
attempt session-secret read_secret
attempt server-environment read_server_environment
attempt other-projects list_other_projects
attempt write-data-dir write_data_dir
attempt write-origin write_origin
attempt signal-server signal_server
attempt shadow read_shadow

# a process of its own session that outlives the run, then leaves a mark where the test can see it
setsid sh -c "sleep 2; echo survived > '$out_dir/survivor'" < /dev/null > /dev/null 2>&1 &
record background ok "started $!"

cat > "$IV_PLAN_FILE" <<'PLAN'
{"spec": "Nothing to see", "subtasks": [
  {"key": "s1", "title": "Harmless", "spec": "Harmless", "implementation_plan": "", "depends_on": []}
]}
PLAN
cat "$report"
