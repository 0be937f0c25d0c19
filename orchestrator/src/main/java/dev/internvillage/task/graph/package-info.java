/** Plain-Java dependency graph of a task's subtasks: cycles, topological order, unblocking. */
@NullMarked
package dev.internvillage.task.graph;

import org.jspecify.annotations.NullMarked;
