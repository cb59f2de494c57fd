package io.dcbuild.operator.gitevents;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a push event says: the repository (every address the host gives for it, as {@link RepositoryAddress}
 * identities) and the full refs that moved ({@code refs/heads/main}, {@code refs/tags/v1}). Nothing else of the
 * payload is used: the commit is asked from the repository itself, as a poll would.
 */
public record PushEvent(Set<String> repositories, Set<String> refs) {

    /** Payloads nest a few levels; a deeper one is not a push event (and costs no deep recursion). */
    private static final ObjectMapper PARSER = JsonMapper.builder(new JsonFactoryBuilder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build()).build();

    /** A body that is not a push event of this host: answered 400 with this message. */
    public static final class UnreadablePushEvent extends Exception {
        UnreadablePushEvent(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads the push event of {@code host} from its JSON {@code body}. */
    public static PushEvent parse(GitHost host, byte[] body) throws UnreadablePushEvent {
        JsonNode root;
        try {
            root = PARSER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UnreadablePushEvent("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UnreadablePushEvent("the body cannot be read as JSON");
        }
        if (root == null || !root.isObject()) {
            throw new UnreadablePushEvent("the body is not a JSON object");
        }
        Set<String> addresses = new LinkedHashSet<>();
        Set<String> refs = new LinkedHashSet<>();
        switch (host) {
            case GITHUB, GITEA -> {
                JsonNode repository = root.path("repository");
                addAll(addresses, repository, "clone_url", "html_url", "ssh_url", "git_url");
                addRef(refs, root.path("ref"));
            }
            case GITLAB -> {
                addAll(addresses, root.path("project"), "git_http_url", "git_ssh_url", "web_url");
                addAll(addresses, root.path("repository"), "git_http_url", "git_ssh_url", "homepage");
                addRef(refs, root.path("ref"));
            }
            case BITBUCKET -> {
                // Cloud: links.html.href and push.changes[].new/old {type, name}
                add(addresses, root.at("/repository/links/html/href"));
                root.at("/push/changes").forEach(change -> {
                    JsonNode side = change.path("new").isObject() ? change.path("new") : change.path("old");
                    String name = side.path("name").asText("");
                    String type = side.path("type").asText("");
                    if (!name.isEmpty() && ("branch".equals(type) || "tag".equals(type))) {
                        refs.add(("branch".equals(type) ? "refs/heads/" : "refs/tags/") + name);
                    }
                });
                // Data Center: links.clone[].href and changes[].ref.id (a full ref)
                root.at("/repository/links/clone").forEach(link -> add(addresses, link.path("href")));
                root.path("changes").forEach(change -> addRef(refs, change.at("/ref/id")));
            }
            default -> throw new IllegalStateException("no push event reader for " + host);
        }
        if (addresses.isEmpty()) {
            throw new UnreadablePushEvent("the push event names no repository address this operator can read");
        }
        if (refs.isEmpty()) {
            throw new UnreadablePushEvent("the push event names no branch or tag (refs/heads/..., refs/tags/...)");
        }
        return new PushEvent(Set.copyOf(addresses), Set.copyOf(refs));
    }

    private static void addAll(Set<String> addresses, JsonNode node, String... fields) {
        for (String field : fields) {
            add(addresses, node.path(field));
        }
    }

    private static void add(Set<String> addresses, JsonNode value) {
        if (value.isTextual()) {
            RepositoryAddress.of(value.asText()).ifPresent(addresses::add);
        }
    }

    private static void addRef(Set<String> refs, JsonNode value) {
        if (value.isTextual() && (value.asText().startsWith("refs/heads/") || value.asText().startsWith("refs/tags/"))) {
            refs.add(value.asText());
        }
    }
}
