package io.dcbuild.operator.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The {@code created} time of an image config blob (RFC 3339, as Go writes it: nanoseconds, {@code Z} or offset). */
public final class ImageCreationTime {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageCreationTime() {
    }

    /** Empty when the config is not JSON or has no readable {@code created}. */
    public static Optional<Instant> of(byte[] config) {
        try {
            JsonNode created = JSON.readTree(config).path("created");
            if (!created.isTextual()) {
                return Optional.empty();
            }
            return Optional.of(OffsetDateTime.parse(created.asText()).toInstant());
        } catch (IOException | DateTimeParseException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
