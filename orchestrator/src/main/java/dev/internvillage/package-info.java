@NullMarked
package dev.internvillage;

import org.jspecify.annotations.NullMarked;
