package io.dcbuild.operator.gitevents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Each git host's signature scheme, delivery id and event kind, from headers as the hosts send them. */
class GitHostTest {

    private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
    private static final String HMAC = DeliverySignature.hmacSha256Hex(SECRET, BODY);
    private static final String OTHER_HMAC = DeliverySignature.hmacSha256Hex("other".getBytes(), BODY);

    @Test
    void gitHubSignsWithXHubSignature256() {
        assertThat(GitHost.GITHUB.signed(SECRET, BODY, headers("X-Hub-Signature-256", "sha256=" + HMAC))).isTrue();
        assertThat(GitHost.GITHUB.signed(SECRET, BODY, headers("x-hub-signature-256", "sha256=" + HMAC)))
                .as("header names in any case").isTrue();
        assertThat(GitHost.GITHUB.signed(SECRET, BODY, headers("X-Hub-Signature-256", "sha256=" + OTHER_HMAC)))
                .isFalse();
        assertThat(GitHost.GITHUB.signed(SECRET, BODY, headers("X-Hub-Signature", "sha256=" + HMAC)))
                .as("Bitbucket's header is not GitHub's").isFalse();
        assertThat(GitHost.GITHUB.signed(SECRET, BODY, headers())).isFalse();
        assertThat(GitHost.GITHUB.deliveryId(headers("X-GitHub-Delivery", "72d3162e"))).contains("72d3162e");
        assertThat(GitHost.GITHUB.kind(headers("X-GitHub-Event", "push"))).isEqualTo(GitHost.EventKind.PUSH);
        assertThat(GitHost.GITHUB.kind(headers("X-GitHub-Event", "ping"))).isEqualTo(GitHost.EventKind.PING);
        assertThat(GitHost.GITHUB.kind(headers("X-GitHub-Event", "issues"))).isEqualTo(GitHost.EventKind.OTHER);
    }

    @Test
    void gitLabSendsTheSecretAsAToken() {
        assertThat(GitHost.GITLAB.signed(SECRET, BODY, headers("X-Gitlab-Token", "s3cret"))).isTrue();
        assertThat(GitHost.GITLAB.signed(SECRET, BODY, headers("X-Gitlab-Token", "s3cre"))).isFalse();
        assertThat(GitHost.GITLAB.signed(SECRET, BODY, headers("X-Gitlab-Token", HMAC))).isFalse();
        assertThat(GitHost.GITLAB.signed(SECRET, BODY, headers())).isFalse();
        assertThat(GitHost.GITLAB.deliveryId(headers("X-Gitlab-Event-UUID", "u-1"))).contains("u-1");
        assertThat(GitHost.GITLAB.kind(headers("X-Gitlab-Event", "Push Hook"))).isEqualTo(GitHost.EventKind.PUSH);
        assertThat(GitHost.GITLAB.kind(headers("X-Gitlab-Event", "Tag Push Hook")))
                .isEqualTo(GitHost.EventKind.PUSH);
        assertThat(GitHost.GITLAB.kind(headers("X-Gitlab-Event", "Merge Request Hook")))
                .isEqualTo(GitHost.EventKind.OTHER);
    }

    @Test
    void giteaAndForgejoSignWithABareHexHmac() {
        assertThat(GitHost.GITEA.signed(SECRET, BODY, headers("X-Gitea-Signature", HMAC))).isTrue();
        assertThat(GitHost.GITEA.signed(SECRET, BODY, headers("X-Forgejo-Signature", HMAC))).isTrue();
        assertThat(GitHost.GITEA.signed(SECRET, BODY, headers("X-Gitea-Signature", "sha256=" + HMAC))).isFalse();
        assertThat(GitHost.GITEA.signed(SECRET, BODY, headers("X-Gitea-Signature", OTHER_HMAC))).isFalse();
        assertThat(GitHost.GITEA.signed(SECRET, BODY, headers("X-Forgejo-Signature", OTHER_HMAC,
                "X-Gitea-Signature", HMAC))).as("Forgejo's header, when sent, decides").isFalse();
        assertThat(GitHost.GITEA.deliveryId(headers("X-Gitea-Delivery", "g-1"))).contains("g-1");
        assertThat(GitHost.GITEA.deliveryId(headers("X-Forgejo-Delivery", "f-1"))).contains("f-1");
        assertThat(GitHost.GITEA.kind(headers("X-Gitea-Event", "push"))).isEqualTo(GitHost.EventKind.PUSH);
        assertThat(GitHost.GITEA.kind(headers("X-Forgejo-Event", "push"))).isEqualTo(GitHost.EventKind.PUSH);
        assertThat(GitHost.GITEA.kind(headers("X-Gitea-Event", "create"))).isEqualTo(GitHost.EventKind.OTHER);
    }

    @Test
    void bitbucketSignsWithXHubSignature() {
        assertThat(GitHost.BITBUCKET.signed(SECRET, BODY, headers("X-Hub-Signature", "sha256=" + HMAC))).isTrue();
        assertThat(GitHost.BITBUCKET.signed(SECRET, BODY, headers("X-Hub-Signature", HMAC))).isFalse();
        assertThat(GitHost.BITBUCKET.signed(SECRET, BODY, headers("X-Hub-Signature-256", "sha256=" + HMAC)))
                .isFalse();
        assertThat(GitHost.BITBUCKET.deliveryId(headers("X-Request-UUID", "b-1"))).contains("b-1");
        assertThat(GitHost.BITBUCKET.deliveryId(headers("X-Request-Id", "dc-1"))).contains("dc-1");
        assertThat(GitHost.BITBUCKET.kind(headers("X-Event-Key", "repo:push"))).isEqualTo(GitHost.EventKind.PUSH);
        assertThat(GitHost.BITBUCKET.kind(headers("X-Event-Key", "repo:refs_changed")))
                .isEqualTo(GitHost.EventKind.PUSH);
        assertThat(GitHost.BITBUCKET.kind(headers("X-Event-Key", "diagnostics:ping")))
                .isEqualTo(GitHost.EventKind.PING);
    }

    @Test
    void blankDeliveryIdsAreNone() {
        assertThat(GitHost.GITHUB.deliveryId(headers("X-GitHub-Delivery", "  "))).isEmpty();
        assertThat(GitHost.GITHUB.deliveryId(headers())).isEmpty();
    }

    @Test
    void hostsAreFoundByTheirPath() {
        assertThat(GitHost.byPath("github")).contains(GitHost.GITHUB);
        assertThat(GitHost.byPath("GitLab")).contains(GitHost.GITLAB);
        assertThat(GitHost.byPath("forgejo")).isEmpty();
        assertThat(GitHost.byPath(null)).isEqualTo(Optional.empty());
    }

    /** Headers looked up without case, as Vert.x does. */
    static UnaryOperator<String> headers(String... namesAndValues) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map::get;
    }
}
