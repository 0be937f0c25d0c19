/**
 * Shared kernel: the error model every module raises, settings read from the environment, the data
 * directory and the database. Open to every module.
 */
@NullMarked
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package dev.internvillage.common;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
