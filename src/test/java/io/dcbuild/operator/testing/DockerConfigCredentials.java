package io.dcbuild.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code auths} section of a docker {@code config.json} the way registry clients do: an entry's key may
 * be {@code host:port}, {@code http(s)://host:port} or carry a path; its credentials are either {@code auth}
 * (base64 of {@code user:password}) or {@code username}/{@code password}.
 */
public final class DockerConfigCredentials {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode auths;

    private DockerConfigCredentials(JsonNode auths) {
        this.auths = auths;
    }

    public static DockerConfigCredentials parse(String configJson) {
        try {
            JsonNode root = JSON.readTree(configJson);
            JsonNode auths = root == null ? null : root.get("auths");
            return new DockerConfigCredentials(auths == null ? JSON.createObjectNode() : auths);
        } catch (IOException e) {
            throw new UncheckedIOException("docker config is not JSON", e);
        }
    }

    public static DockerConfigCredentials none() {
        return new DockerConfigCredentials(JSON.createObjectNode());
    }

    /** Credentials for the registry {@code hostPort} ({@code 127.0.0.1:5000}), if the config has any. */
    public Optional<RegistryCredential> forRegistry(String hostPort) {
        for (Map.Entry<String, JsonNode> entry : auths.properties()) {
            if (registryOf(entry.getKey()).equals(hostPort)) {
                return credentialOf(entry.getValue());
            }
        }
        return Optional.empty();
    }

    private static String registryOf(String key) {
        String withoutScheme = key.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        int slash = withoutScheme.indexOf('/');
        return slash < 0 ? withoutScheme : withoutScheme.substring(0, slash);
    }

    private static Optional<RegistryCredential> credentialOf(JsonNode entry) {
        JsonNode auth = entry.get("auth");
        if (auth != null && !auth.asText().isEmpty()) {
            String decoded = new String(Base64.getDecoder().decode(auth.asText()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                return Optional.of(new RegistryCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
            }
        }
        JsonNode username = entry.get("username");
        JsonNode password = entry.get("password");
        if (username != null && password != null) {
            return Optional.of(new RegistryCredential(username.asText(), password.asText()));
        }
        return Optional.empty();
    }
}
