package io.dcbuild.operator.gitevents;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two ways git hosts prove a delivery comes from them: an HMAC-SHA256 of the raw body keyed with the shared
 * secret (GitHub, Gitea/Forgejo, Bitbucket), or the secret itself in a header (GitLab). Every comparison takes the
 * same time whatever the presented value ({@link MessageDigest#isEqual}), so that timing tells an attacker nothing.
 */
public final class DeliverySignature {

    private static final String HMAC = "HmacSHA256";

    private DeliverySignature() {
    }

    /** The lowercase hex HMAC-SHA256 of {@code body} keyed with {@code secret}. */
    public static String hmacSha256Hex(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /**
     * Whether {@code presented} (hex, either case, possibly null) is the HMAC-SHA256 of {@code body} under
     * {@code secret}.
     */
    public static boolean hmacMatches(byte[] secret, byte[] body, String presented) {
        if (presented == null || secret.length == 0) {
            return false;
        }
        byte[] expected = hmacSha256Hex(secret, body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = presented.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /**
     * Whether a header of the form {@code sha256=<hex>} (GitHub's {@code X-Hub-Signature-256}, Bitbucket's
     * {@code X-Hub-Signature}) carries the HMAC-SHA256 of {@code body}. Another algorithm, such as GitHub's legacy
     * {@code sha1=}, is refused.
     */
    public static boolean prefixedHmacMatches(byte[] secret, byte[] body, String header) {
        String prefix = "sha256=";
        if (header == null || !header.trim().regionMatches(true, 0, prefix, 0, prefix.length())) {
            return false;
        }
        return hmacMatches(secret, body, header.trim().substring(prefix.length()));
    }

    /** Whether {@code presented} is the secret itself (GitLab's {@code X-Gitlab-Token}). */
    public static boolean tokenMatches(byte[] secret, String presented) {
        if (presented == null || secret.length == 0) {
            return false;
        }
        return MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }
}
