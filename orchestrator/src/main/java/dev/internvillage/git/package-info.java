@NullMarked
package dev.internvillage.git;

import org.jspecify.annotations.NullMarked;
