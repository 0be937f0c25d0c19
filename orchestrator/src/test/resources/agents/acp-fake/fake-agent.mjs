// A fake coding agent that speaks the Agent Client Protocol over stdio through the official SDK, for
// the tests of the ACP runtime. Each prompt turn shows what an agent does: a thought, a message in
// chunks, a plan, a tool call with its result, a permission request and the usage and cost so far;
// then it does the role's work as the fake CLIs do (a planner writes a plan; a worker's first
// attempt fails with a JSON-RPC error, the follow-up commits and writes its result).
//
// Usage: node fake-agent.mjs CONTROL_DIR. Files the test creates in CONTROL_DIR switch behaviours:
//   wait-for-message  the first turn waits for CONTROL_DIR/release, then ends without working; the
//                     next turn (the user's message) is echoed to the log and to received.txt
//   hang              the turn runs until the client cancels it; then CONTROL_DIR/cancelled appears
// Every call is one line of calls.log beside the plan or result file.
import * as acp from "@agentclientprotocol/sdk/unstable";
import { Readable, Writable } from "node:stream";
import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { execSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

const control = process.argv[2] ?? ".";
const outputFile = process.env.IV_PLAN_FILE ?? process.env.IV_RESULT_FILE;
const files = dirname(outputFile);
const record = (line) => appendFileSync(join(files, "calls.log"), line + "\n");

const cancels = new Map();
let turns = 0;

const update = (client, sessionId, update) =>
  client.notify(acp.methods.client.session.update, { sessionId, update });

const text = (client, sessionId, kind, text) =>
  update(client, sessionId, { sessionUpdate: kind, content: { type: "text", text } });

async function showWork(client, sessionId) {
  await text(client, sessionId, "agent_thought_chunk", "The task needs a look at the code first.");
  await text(client, sessionId, "agent_message_chunk", "Reading the ");
  await text(client, sessionId, "agent_message_chunk", "code.\nDue dates go into the model");
  await text(client, sessionId, "agent_message_chunk", " and the form.");
  await update(client, sessionId, {
    sessionUpdate: "plan",
    entries: [
      { content: "Read the code", priority: "high", status: "completed" },
      { content: "Add the due date", priority: "medium", status: "in_progress" },
    ],
  });
  await update(client, sessionId, {
    sessionUpdate: "tool_call",
    toolCallId: "call-1",
    title: "ls -la",
    kind: "execute",
    status: "pending",
    rawInput: { command: "ls -la" },
  });
  await update(client, sessionId, {
    sessionUpdate: "tool_call_update",
    toolCallId: "call-1",
    status: "completed",
    content: [{ type: "content", content: { type: "text", text: "README.md\nsrc\npom.xml\n" } }],
  });
  const permission = await client.request(acp.methods.client.session.requestPermission, {
    sessionId,
    toolCall: { toolCallId: "call-2", title: "Write work.txt", kind: "edit", status: "pending" },
    options: [
      { optionId: "yes", name: "Allow", kind: "allow_once" },
      { optionId: "no", name: "Reject", kind: "reject_once" },
    ],
  });
  const allowed = permission.outcome.outcome === "selected" && permission.outcome.optionId === "yes";
  record("permission " + (allowed ? "allowed" : "rejected"));
  await update(client, sessionId, {
    sessionUpdate: "tool_call",
    toolCallId: "call-2",
    title: "Write work.txt",
    kind: "edit",
    status: allowed ? "completed" : "failed",
    content: [{ type: "content", content: { type: "text", text: allowed ? "written" : "permission rejected" } }],
  });
  await update(client, sessionId, {
    sessionUpdate: "usage_update",
    used: 5000,
    size: 200000,
    cost: { amount: 0.0123 * turns, currency: "USD" },
  });
}

const usage = () => ({
  inputTokens: 1200 * turns,
  outputTokens: 300 * turns,
  cachedReadTokens: 5000 * turns,
  cachedWriteTokens: 100 * turns,
  totalTokens: 6600 * turns,
});

function doTheRolesWork() {
  if (process.env.IV_ROLE === "planner") {
    const plan = { spec: "s", subtasks: [{ key: "s1", title: "t", spec: "s", depends_on: [] }] };
    writeFileSync(process.env.IV_PLAN_FILE, JSON.stringify(plan));
    return;
  }
  writeFileSync("work.txt", "work\n");
  execSync("git add -A && git -c user.name=fake -c user.email=fake@localhost commit -q -m 'fake work'");
  writeFileSync(process.env.IV_RESULT_FILE, JSON.stringify({ status: "done", summary: "fake" }));
}

async function prompt({ params, client }) {
  turns++;
  const sessionId = params.sessionId;
  const said = params.prompt.map((block) => block.text ?? "").join("");
  record("session/prompt " + turns);
  if (turns > 1) {
    // a message the user sent while the agent ran
    writeFileSync(join(control, "received.txt"), said);
    await text(client, sessionId, "agent_message_chunk", "You said: " + said + "\n");
    doTheRolesWork();
    return { stopReason: "end_turn", usage: usage() };
  }
  await showWork(client, sessionId);
  if (existsSync(join(control, "hang"))) {
    await text(client, sessionId, "agent_message_chunk", "Working until cancelled\n");
    await new Promise((resolve) => cancels.set(sessionId, resolve));
    writeFileSync(join(control, "cancelled"), sessionId);
    return { stopReason: "cancelled" };
  }
  if (existsSync(join(control, "wait-for-message"))) {
    await text(client, sessionId, "agent_message_chunk", "Waiting for your message\n");
    while (!existsSync(join(control, "release"))) {
      await sleep(50);
    }
    return { stopReason: "end_turn", usage: usage() };
  }
  if (process.env.IV_ROLE === "worker" && !existsSync(join(files, "failed-once"))) {
    writeFileSync(join(files, "failed-once"), "");
    throw new acp.RequestError(-32603, "the model is overloaded (failing on purpose)");
  }
  doTheRolesWork();
  return { stopReason: "end_turn", usage: usage() };
}

const modelOption = {
  id: "model",
  name: "Model",
  category: "model",
  type: "select",
  currentValue: "fake-model-1",
  options: [{ value: "fake-model-1", name: "Fake model" }],
};

acp
  .agent({ name: "acp-fake" })
  .onRequest(acp.methods.agent.initialize, () => ({
    protocolVersion: acp.PROTOCOL_VERSION,
    agentCapabilities: { loadSession: true },
    agentInfo: { name: "acp-fake", version: "1.0.0" },
  }))
  .onRequest(acp.methods.agent.session.new, ({ params }) => {
    const sessionId = "fake-session-" + Math.random().toString(36).slice(2, 10);
    record("session/new " + sessionId + " " + params.cwd);
    return { sessionId, configOptions: [modelOption] };
  })
  .onRequest(acp.methods.agent.session.load, async ({ params, client }) => {
    record("session/load " + params.sessionId + " " + params.cwd);
    // the history of the session, replayed as the protocol asks
    await text(client, params.sessionId, "user_message_chunk", "the earlier prompt");
    await text(client, params.sessionId, "agent_message_chunk", "REPLAYED HISTORY\n");
    return { configOptions: [modelOption] };
  })
  .onRequest(acp.methods.agent.session.prompt, prompt)
  .onNotification(acp.methods.agent.session.cancel, ({ params }) => {
    record("session/cancel " + params.sessionId);
    cancels.get(params.sessionId)?.();
  })
  .connect(acp.ndJsonStream(Writable.toWeb(process.stdout), Readable.toWeb(process.stdin)));
