package dev.internvillage.web;

import java.io.IOException;

/** A request body past {@link BodySizeLimitFilter#MAX_BYTES}. */
final class BodyTooLargeException extends IOException {

    BodyTooLargeException() {
        super("the request body is larger than " + BodySizeLimitFilter.MAX_BYTES / 1024 + " KiB");
    }
}
