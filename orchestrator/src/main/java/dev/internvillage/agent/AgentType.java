package dev.internvillage.agent;

/** Which agent a run is: the planner of a task, or the worker of a subtask. */
public enum AgentType {
    PLANNER,
    WORKER
}
