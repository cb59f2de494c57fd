package io.dcbuild.operator.builds;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of what a run produces: a SHA-256 over the commit and every setting that changes the image.
 * Credentials, deadlines and resources do not change the image and are left out; a change of the governing
 * policies (proxy, CA, allow-lists, builder settings), or of the OpenShift cluster proxy a build uses, starts a new
 * run, whose probe usually hits the cache.
 */
public final class CacheKey {

    private static final String SCHEME = "dcbuild-cache-key-v1";

    private CacheKey() {
    }

    public static String of(String commit, BuildSettings settings) {
        // the cluster proxy's line only where it is used, so that keys elsewhere stay what they were
        String clusterProxy = settings.proxy().cacheKeyPart().map(part -> "\nclusterProxy=" + part).orElse("");
        return sha256(String.join("\n",
                SCHEME,
                "commit=" + commit,
                "url=" + settings.gitUrl(),
                "devcontainerDir=" + nullToEmpty(settings.devcontainerDir()),
                "dockerfilePath=" + nullToEmpty(settings.dockerfilePath()),
                "builderImage=" + settings.builderImage(),
                "cacheRepo=" + settings.cacheRepo(),
                "cacheTtlDays=" + settings.cacheTtlDays(),
                "policy=" + settings.policy().fingerprint()) + clusterProxy);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** The SHA-256 of {@code text} (UTF-8), in lower-case hex. */
    public static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
