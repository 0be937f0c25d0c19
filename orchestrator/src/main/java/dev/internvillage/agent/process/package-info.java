/**
 * Runs one agent attempt as an operating-system process: its command line, working directory,
 * environment and prompt on stdin; its stdout and stderr captured into the run's log; its whole
 * process tree killed on cancel or timeout. The only place (with git) that starts processes.
 */
@NullMarked
package dev.internvillage.agent.process;

import org.jspecify.annotations.NullMarked;
