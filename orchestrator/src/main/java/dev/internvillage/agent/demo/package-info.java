/**
 * The bundled demo agent: a stand-alone program (JDK only, one class) that the {@code demo} runtime
 * runs as a separate process. It plays a coding agent without a model or network.
 */
@NullMarked
package dev.internvillage.agent.demo;

import org.jspecify.annotations.NullMarked;
