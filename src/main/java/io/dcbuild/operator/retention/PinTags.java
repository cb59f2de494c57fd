package io.dcbuild.operator.retention;

/**
 * Names of the operator-owned tags that keep recorded images tagged: {@code <prefix><first 40 hex of digest>},
 * e.g. {@code dcbuild-pin-3f2a...} (40 of the 64 hex digits, so that the tag stays well under the 128 characters a
 * tag may have; 160 bits do not collide among the images of one repository).
 */
final class PinTags {

    static final int DIGEST_HEX_LENGTH = 40;
    private static final String SHA256 = "sha256:";

    private final String prefix;

    PinTags(String prefix) {
        this.prefix = prefix;
    }

    /** The pin tag of {@code digest} ({@code sha256:<64 hex>}). */
    String tagFor(String digest) {
        if (!digest.startsWith(SHA256) || digest.length() != SHA256.length() + 64) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return prefix + digest.substring(SHA256.length(), SHA256.length() + DIGEST_HEX_LENGTH);
    }

    /** Whether {@code tag} is the operator's pin tag of {@code digest}, the digest the tag points at. */
    boolean isPinOf(String tag, String digest) {
        return tag.startsWith(prefix) && tag.equals(tagFor(digest));
    }
}
