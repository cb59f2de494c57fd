package io.dcbuild.operator.gitevents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeliverySignatureTest {

    private static final byte[] SECRET = "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    /** GitHub's documented example of X-Hub-Signature-256 for this secret and body. */
    private static final String GITHUB_EXAMPLE = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void theHmacIsGitHubsDocumentedExample() {
        assertThat(DeliverySignature.hmacSha256Hex(SECRET, BODY)).isEqualTo(GITHUB_EXAMPLE);
    }

    @Test
    void aHexHmacMatchesInEitherCaseAndNothingElseDoes() {
        assertThat(DeliverySignature.hmacMatches(SECRET, BODY, GITHUB_EXAMPLE)).isTrue();
        assertThat(DeliverySignature.hmacMatches(SECRET, BODY, GITHUB_EXAMPLE.toUpperCase())).isTrue();
        assertThat(DeliverySignature.hmacMatches(SECRET, BODY, " " + GITHUB_EXAMPLE + " ")).isTrue();
        assertThat(DeliverySignature.hmacMatches(SECRET, "Hello, World?".getBytes(StandardCharsets.UTF_8),
                GITHUB_EXAMPLE)).as("another body").isFalse();
        assertThat(DeliverySignature.hmacMatches("another".getBytes(StandardCharsets.UTF_8), BODY, GITHUB_EXAMPLE))
                .as("another secret").isFalse();
        assertThat(DeliverySignature.hmacMatches(SECRET, BODY, GITHUB_EXAMPLE.substring(1))).isFalse();
        assertThat(DeliverySignature.hmacMatches(SECRET, BODY, "")).isFalse();
        assertThat(DeliverySignature.hmacMatches(SECRET, BODY, null)).isFalse();
        assertThat(DeliverySignature.hmacMatches(new byte[0], BODY, GITHUB_EXAMPLE)).as("an empty secret proves "
                + "nothing").isFalse();
    }

    @Test
    void aPrefixedHmacNeedsSha256() {
        assertThat(DeliverySignature.prefixedHmacMatches(SECRET, BODY, "sha256=" + GITHUB_EXAMPLE)).isTrue();
        assertThat(DeliverySignature.prefixedHmacMatches(SECRET, BODY, "SHA256=" + GITHUB_EXAMPLE)).isTrue();
        assertThat(DeliverySignature.prefixedHmacMatches(SECRET, BODY, GITHUB_EXAMPLE)).as("no prefix").isFalse();
        assertThat(DeliverySignature.prefixedHmacMatches(SECRET, BODY, "sha1=" + GITHUB_EXAMPLE)).isFalse();
        assertThat(DeliverySignature.prefixedHmacMatches(SECRET, BODY, "sha256=")).isFalse();
        assertThat(DeliverySignature.prefixedHmacMatches(SECRET, BODY, null)).isFalse();
    }

    @Test
    void aTokenIsTheSecretItself() {
        assertThat(DeliverySignature.tokenMatches(SECRET, "It's a Secret to Everybody")).isTrue();
        assertThat(DeliverySignature.tokenMatches(SECRET, "It's a Secret to everybody")).isFalse();
        assertThat(DeliverySignature.tokenMatches(SECRET, "It's a Secret to Everybody ")).isFalse();
        assertThat(DeliverySignature.tokenMatches(SECRET, "")).isFalse();
        assertThat(DeliverySignature.tokenMatches(SECRET, null)).isFalse();
        assertThat(DeliverySignature.tokenMatches(new byte[0], "")).isFalse();
    }
}
