/**
 * The API's OpenAPI document, served at {@code /v3/api-docs}: springdoc-openapi generates it from
 * the controllers; this module makes it say what the wire really carries (snake_case names, which
 * fields may be null, the event stream's payloads). The repository keeps a copy in {@code
 * docs/openapi.json}, from which the web UI's types are generated.
 */
@NullMarked
package dev.internvillage.apidocs;

import org.jspecify.annotations.NullMarked;
