@NullMarked
package dev.internvillage.web;

import org.jspecify.annotations.NullMarked;
