@NullMarked
package dev.internvillage.auth;

import org.jspecify.annotations.NullMarked;
