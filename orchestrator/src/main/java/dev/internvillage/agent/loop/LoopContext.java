package dev.internvillage.agent.loop;

import dev.internvillage.agent.AgentSettings;
import dev.internvillage.agent.RunService;
import dev.internvillage.agent.workspace.Workspaces;
import dev.internvillage.cluster.InstanceId;
import dev.internvillage.project.ProjectService;
import dev.internvillage.review.Forges;
import dev.internvillage.task.PlanImporter;
import dev.internvillage.task.SubtaskService;
import dev.internvillage.task.TaskService;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** What every loop uses; one instance per app. */
@Component
record LoopContext(
        AgentSettings settings,
        AgentSlots slots,
        RunService runs,
        TaskService tasks,
        SubtaskService subtasks,
        ProjectService projects,
        PlanImporter planImporter,
        Workspaces workspaces,
        Forges forges,
        Prompts prompts,
        AgentLauncher launcher,
        AttemptRecorder recorder,
        JsonMapper json,
        InstanceId instance) {}
