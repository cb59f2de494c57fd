package io.dcbuild.operator.registry;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The first entry of a registry error body {@code {"errors":[{"code":"MANIFEST_UNKNOWN","message":"..."}]}}.
 *
 * @param code    the error code, e.g. {@code UNSUPPORTED}
 * @param message the registry's human message, possibly empty
 */
record RegistryErrorBody(String code, String message) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 200;

    static Optional<RegistryErrorBody> parse(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode first = JSON.readTree(body).path("errors").path(0);
            String code = first.path("code").asText(null);
            if (code == null) {
                return Optional.empty();
            }
            String message = first.path("message").asText("");
            if (message.length() > MAX_MESSAGE) {
                message = message.substring(0, MAX_MESSAGE) + "...";
            }
            return Optional.of(new RegistryErrorBody(code, message));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not a registry error document (e.g. an HTML page of a proxy)
        }
    }

    @Override
    public String toString() {
        return message.isEmpty() ? code : code + " (" + message + ")";
    }
}
