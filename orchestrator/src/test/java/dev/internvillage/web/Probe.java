package dev.internvillage.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One generated request: either a well-formed HTTP request (method, target, headers, body) or, when
 * {@link #raw} is set, exactly these bytes on the socket.
 *
 * @param route the route pattern it was made for, for the coverage count
 * @param kind what the generator varied, for the failure report
 */
record Probe(String route, String kind, String method, String target, List<Header> headers, byte[] body, byte[] raw) {

    record Header(String name, String value) {}

    static Probe http(String route, String kind, String method, String target, List<Header> headers, byte[] body) {
        return new Probe(route, kind, method, target, List.copyOf(headers), body, new byte[0]);
    }

    static Probe raw(String route, String kind, String method, String request) {
        return raw(route, kind, method, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Probe raw(String route, String kind, String method, byte[] request) {
        return new Probe(route, kind, method, "", List.of(), new byte[0], request);
    }

    boolean isRaw() {
        return raw.length > 0;
    }

    /** The request as it would be printed in a report: long parts cut, control bytes escaped. */
    String describe() {
        if (isRaw()) {
            return "[" + kind + "] raw: " + shorten(new String(raw, StandardCharsets.ISO_8859_1));
        }
        String headerText = headers.stream()
                .map(h -> h.name() + ": " + shorten(h.value()))
                .collect(Collectors.joining(", ", "{", "}"));
        return "[" + kind + "] " + method + " " + shorten(target) + " " + headerText + " body(" + body.length
                + " bytes): " + shorten(new String(body, StandardCharsets.UTF_8));
    }

    static String shorten(String text) {
        String escaped = text.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
        return escaped.length() <= 160
                ? escaped
                : escaped.substring(0, 120) + "…(" + escaped.length() + " chars)…"
                        + escaped.substring(escaped.length() - 30);
    }
}
