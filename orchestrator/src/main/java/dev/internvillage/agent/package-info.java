@NullMarked
package dev.internvillage.agent;

import org.jspecify.annotations.NullMarked;
