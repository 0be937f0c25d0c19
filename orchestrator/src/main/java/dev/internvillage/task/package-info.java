@NullMarked
package dev.internvillage.task;

import org.jspecify.annotations.NullMarked;
