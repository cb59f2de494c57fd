package io.dcbuild.operator.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The registry credentials of a {@code .dockerconfigjson} document (the {@code kubernetes.io/dockerconfigjson}
 * Secret type): {@code {"auths": {"<key>": {"auth": base64(user:pass)} | {"username": .., "password": ..}}}}.
 *
 * <p>Keys may be {@code host}, {@code host:port}, {@code https://host/v1/} and the like; they are matched by
 * host and port. Docker Hub aliases ({@code docker.io}, {@code index.docker.io}, {@code registry-1.docker.io})
 * are one registry. Errors never contain secret material: no cause carrying parser text, no document excerpts.
 */
public final class DockerConfigJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, RegistryCredentials> byHost;

    private DockerConfigJson(Map<String, RegistryCredentials> byHost) {
        this.byHost = byHost;
    }

    public static DockerConfigJson empty() {
        return new DockerConfigJson(Map.of());
    }

    /**
     * @throws IllegalArgumentException if the document is not a valid docker config; the message names the
     *                                  position or registry key, never passwords or auth values
     */
    public static DockerConfigJson parse(byte[] document) {
        return of(readTree(document));
    }

    /** The config a parsed document holds; see {@link #parse(byte[])}. */
    private static DockerConfigJson of(JsonNode root) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("docker config JSON must be an object with an \"auths\" map");
        }
        JsonNode auths = root.get("auths");
        if (auths == null || auths.isNull()) {
            return empty();
        }
        if (!auths.isObject()) {
            throw new IllegalArgumentException("docker config JSON: \"auths\" must be an object");
        }
        Map<String, RegistryCredentials> byHost = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = auths.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            credentialsOf(entry.getKey(), entry.getValue())
                    .ifPresent(credentials -> byHost.putIfAbsent(hostOf(entry.getKey()), credentials));
        }
        return new DockerConfigJson(Map.copyOf(byHost));
    }

    /**
     * Parses a docker config that is handed to Envbuilder as its only registry credentials, and refuses one that
     * gives none: without an {@code auths} entry, or with an entry that has none of {@code auth},
     * {@code username}/{@code password}, {@code identitytoken} or {@code registrytoken} (such a Secret is a mistake
     * that would only show later as a registry's 401).
     *
     * @throws IllegalArgumentException as {@link #parse(String)} does, or naming the entry that holds no credentials
     */
    public static DockerConfigJson parseCredentials(String document) {
        JsonNode root = readTree(document.getBytes(StandardCharsets.UTF_8));
        DockerConfigJson config = of(root);
        JsonNode auths = root.get("auths");
        if (auths == null || !auths.isObject() || auths.isEmpty()) {
            throw new IllegalArgumentException("docker config JSON has no \"auths\" entry, so it gives no registry "
                    + "credentials (credential helpers and credsStore do not work in the builder pods)");
        }
        Iterator<Map.Entry<String, JsonNode>> entries = auths.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            boolean hasAny = Stream.of("auth", "username", "identitytoken", "registrytoken")
                    .map(field -> entry.getValue().get(field))
                    .anyMatch(value -> value != null && value.isTextual() && !value.asText().isEmpty());
            if (!hasAny) {
                throw new IllegalArgumentException("docker config JSON: entry for \"" + entry.getKey()
                        + "\" has no credentials (auth, username and password, identitytoken or registrytoken)");
            }
        }
        return config;
    }

    public static DockerConfigJson parse(String document) {
        return parse(document.getBytes(StandardCharsets.UTF_8));
    }

    /** The credentials for a registry host ({@code host} or {@code host:port}), if the document has some. */
    public Optional<RegistryCredentials> credentialsFor(String registryHost) {
        if (registryHost == null || registryHost.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHost.get(hostOf(registryHost)));
    }

    /** The normalised registry hosts that have credentials. */
    public java.util.Set<String> registries() {
        return byHost.keySet();
    }

    @Override
    public String toString() {
        return "DockerConfigJson" + byHost.keySet();
    }

    private static JsonNode readTree(byte[] document) {
        if (document == null || document.length == 0) {
            throw new IllegalArgumentException("docker config JSON is empty");
        }
        try {
            return JSON.readTree(document);
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            String where = location == null ? ""
                    : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            // deliberately without the cause: the parser's message quotes the offending token
            throw new IllegalArgumentException("docker config JSON is malformed" + where);
        } catch (IOException e) {
            throw new IllegalArgumentException("docker config JSON cannot be read");
        }
    }

    private static Optional<RegistryCredentials> credentialsOf(String key, JsonNode entry) {
        if (!entry.isObject()) {
            throw new IllegalArgumentException("docker config JSON: entry for \"" + key + "\" must be an object");
        }
        String auth = text(entry, "auth", key);
        if (auth != null && !auth.isEmpty()) {
            return Optional.of(decodeAuth(key, auth));
        }
        String username = text(entry, "username", key);
        String password = text(entry, "password", key);
        if (username != null && !username.isEmpty() && password != null) {
            return Optional.of(new RegistryCredentials(username, password));
        }
        if (username != null && !username.isEmpty()) {
            throw new IllegalArgumentException("docker config JSON: entry for \"" + key + "\" has a username but no password");
        }
        return Optional.empty(); // e.g. only "email" or an identitytoken we do not use
    }

    private static RegistryCredentials decodeAuth(String key, String auth) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("docker config JSON: \"auth\" of \"" + key + "\" is not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(
                    "docker config JSON: \"auth\" of \"" + key + "\" does not decode to user:password");
        }
        return new RegistryCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private static String text(JsonNode entry, String field, String key) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(
                    "docker config JSON: \"" + field + "\" of \"" + key + "\" must be a string");
        }
        return value.asText();
    }

    /** {@code https://Host:443/v1/} → {@code host:443}; Docker Hub aliases → {@code docker.io}. */
    static String hostOf(String key) {
        String host = key.strip();
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        host = host.toLowerCase(Locale.ROOT);
        return switch (host) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> ImageReference.DOCKER_HUB;
            default -> host;
        };
    }
}
