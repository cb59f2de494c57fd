package io.dcbuild.operator.testing.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The API server's audit log of the {@link ControlPlane} (JSON lines at level Metadata for every request of a
 * service account): what the operator, which runs as the ServiceAccount of {@code deploy/manifests/operator.yaml},
 * really asked for, and what RBAC refused it.
 */
public final class AuditLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    AuditLog(Path file) {
        this.file = file;
    }

    /** Requests of {@code user} that RBAC refused, as {@code "verb resource[/subresource] (namespace)"}. */
    public List<String> forbiddenByRbac(String user) {
        List<String> forbidden = new ArrayList<>();
        for (JsonNode event : events(user)) {
            if ("forbid".equals(event.path("annotations").path("authorization.k8s.io/decision").asText())) {
                forbidden.add(describe(event) + " (" + event.path("objectRef").path("namespace").asText("cluster")
                        + ")");
            }
        }
        return forbidden;
    }

    /** How often {@code user} made each {@code "verb group/resource[/subresource]"} request in {@code namespace}. */
    public SortedMap<String, Long> countsIn(String user, String namespace) {
        SortedMap<String, Long> counts = new TreeMap<>();
        for (JsonNode event : events(user)) {
            if (namespace.equals(event.path("objectRef").path("namespace").asText())) {
                counts.merge(describe(event), 1L, Long::sum);
            }
        }
        return counts;
    }

    /** How many requests {@code user} made about the object {@code name} (any kind) in {@code namespace}. */
    public long countOn(String user, String namespace, String name) {
        return events(user).stream()
                .filter(event -> namespace.equals(event.path("objectRef").path("namespace").asText())
                        && name.equals(event.path("objectRef").path("name").asText()))
                .count();
    }

    private List<JsonNode> events(String user) {
        List<JsonNode> events = new ArrayList<>();
        if (!Files.exists(file)) {
            return events;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode event = JSON.readTree(line);
                // a streamed response (a pod log, a watch) is logged when it starts and again when it completes
                if ("ResponseStarted".equals(event.path("stage").asText())) {
                    continue;
                }
                if (user.equals(event.path("user").path("username").asText())) {
                    events.add(event);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file, e);
        }
        return events;
    }

    private static String describe(JsonNode event) {
        JsonNode ref = event.path("objectRef");
        String group = ref.path("apiGroup").asText("");
        String subresource = ref.path("subresource").asText("");
        return event.path("verb").asText() + " " + (group.isEmpty() ? "" : group + "/") + ref.path("resource").asText()
                + (subresource.isEmpty() ? "" : "/" + subresource);
    }
}
