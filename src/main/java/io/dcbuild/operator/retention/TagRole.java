package io.dcbuild.operator.retention;

import java.util.regex.Pattern;

/** What a tag in a cache repository is, as far as retention is concerned. */
enum TagRole {

    /** Exactly 64 lowercase hex digits: a layer cached by Envbuilder (kaniko) for one build step. */
    CACHE_KEY,
    /** The operator's pin tag of the digest it points at. */
    OWN_PIN,
    /**
     * Anything else ({@code latest}, {@code sha256-...} referrer tags, tags of other tools, a tag with our prefix
     * that points at another digest than its name says): never deleted, and its digest is never deleted either.
     */
    MUST_STAY;

    private static final Pattern CACHE_KEY_TAG = Pattern.compile("[0-9a-f]{64}");

    static TagRole of(String tag, String digest, PinTags pins) {
        if (CACHE_KEY_TAG.matcher(tag).matches()) {
            return CACHE_KEY;
        }
        return pins.isPinOf(tag, digest) ? OWN_PIN : MUST_STAY;
    }

    static boolean isCacheKey(String tag) {
        return CACHE_KEY_TAG.matcher(tag).matches();
    }
}
