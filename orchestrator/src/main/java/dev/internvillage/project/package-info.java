@NullMarked
package dev.internvillage.project;

import org.jspecify.annotations.NullMarked;
