/** What agent runs cost: the price table of the models, for runtimes that report tokens but no cost. */
@NullMarked
package dev.internvillage.agent.cost;

import org.jspecify.annotations.NullMarked;
