/**
 * The training run of the JDK's ahead-of-time cache ({@code bin/run}): the app plays a short, typical
 * workload against itself so the cache holds what serving needs, not only what starting needs.
 */
@NullMarked
package dev.internvillage.aot;

import org.jspecify.annotations.NullMarked;
