package io.dcbuild.operator.retention;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a retention run decides and acts.
 *
 * @param ttl          a cache-key tag whose image config {@code created} is older than now minus this is stale;
 *                     align it with the builds' {@code ENVBUILDER_CACHE_TTL_DAYS} (default 7 days), because
 *                     Envbuilder does not reuse a layer older than that anyway
 * @param dryRun       decide and report, but neither delete nor pin anything
 * @param pinTagPrefix operator-owned tags are this prefix followed by the first 40 hex digits of the pinned
 *                     digest; it must be a valid tag start of at most {@value #MAX_PIN_PREFIX_LENGTH} characters
 *                     and contain a character that is not a lowercase hex digit (so that no pin tag can look like
 *                     a 64-hex cache key)
 * @param maxDeletesPerRepository at most this many manifest deletes per repository and run, 0 for no limit; the
 *                     rest waits for the next run. Distribution 2.8 reads every tag link of the repository for
 *                     each manifest delete, so deleting k of n tags costs the registry k times n file reads: a
 *                     limit spreads a first clean-up of a large repository over several runs
 * @param concurrentReads manifest and config reads in flight at once while scanning a repository (1 to
 *                     {@value #MAX_CONCURRENT_READS}); deletes and pins always go one at a time
 */
public record RetentionSettings(Duration ttl, boolean dryRun, String pinTagPrefix, int maxDeletesPerRepository,
        int concurrentReads) {

    public static final Duration DEFAULT_TTL = Duration.ofDays(7);
    public static final String DEFAULT_PIN_TAG_PREFIX = "dcbuild-pin-";
    /** A tag has at most 128 characters; a pin tag ends with 40 hex digits. */
    public static final int MAX_PIN_PREFIX_LENGTH = 128 - PinTags.DIGEST_HEX_LENGTH;
    public static final int DEFAULT_CONCURRENT_READS = 4;
    public static final int MAX_CONCURRENT_READS = 32;

    private static final Pattern TAG_START = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern ONLY_LOWERCASE_HEX = Pattern.compile("[0-9a-f]*");

    public RetentionSettings {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("retention TTL must be positive, got " + ttl);
        }
        Objects.requireNonNull(pinTagPrefix, "pinTagPrefix");
        if (pinTagPrefix.length() > MAX_PIN_PREFIX_LENGTH || !TAG_START.matcher(pinTagPrefix).matches()) {
            throw new IllegalArgumentException("invalid pin tag prefix '" + pinTagPrefix + "': 1 to "
                    + MAX_PIN_PREFIX_LENGTH + " characters of letters, digits, '_', '.' and '-', not starting with "
                    + "'.' or '-'");
        }
        if (ONLY_LOWERCASE_HEX.matcher(pinTagPrefix).matches()) {
            throw new IllegalArgumentException("invalid pin tag prefix '" + pinTagPrefix + "': it needs a character "
                    + "other than 0-9 and a-f, or pin tags could be mistaken for cache keys");
        }
        if (maxDeletesPerRepository < 0) {
            throw new IllegalArgumentException("maxDeletesPerRepository must be 0 (no limit) or more, got "
                    + maxDeletesPerRepository);
        }
        if (concurrentReads < 1 || concurrentReads > MAX_CONCURRENT_READS) {
            throw new IllegalArgumentException("concurrentReads must be 1 to " + MAX_CONCURRENT_READS + ", got "
                    + concurrentReads);
        }
    }

    /**
     * TTL 7 days, no dry run, prefix {@value #DEFAULT_PIN_TAG_PREFIX}, no delete limit,
     * {@value #DEFAULT_CONCURRENT_READS} reads in flight.
     */
    public static RetentionSettings defaults() {
        return new RetentionSettings(DEFAULT_TTL, false, DEFAULT_PIN_TAG_PREFIX, 0, DEFAULT_CONCURRENT_READS);
    }

    /** The defaults with a TTL of {@code days} days. */
    public static RetentionSettings ofTtlDays(int days) {
        return defaults().withTtl(Duration.ofDays(days));
    }

    public RetentionSettings withTtl(Duration newTtl) {
        return new RetentionSettings(newTtl, dryRun, pinTagPrefix, maxDeletesPerRepository, concurrentReads);
    }

    public RetentionSettings withDryRun(boolean newDryRun) {
        return new RetentionSettings(ttl, newDryRun, pinTagPrefix, maxDeletesPerRepository, concurrentReads);
    }

    public RetentionSettings withPinTagPrefix(String newPrefix) {
        return new RetentionSettings(ttl, dryRun, newPrefix, maxDeletesPerRepository, concurrentReads);
    }

    /** @param limit 0 for no limit */
    public RetentionSettings withMaxDeletesPerRepository(int limit) {
        return new RetentionSettings(ttl, dryRun, pinTagPrefix, limit, concurrentReads);
    }

    public RetentionSettings withConcurrentReads(int reads) {
        return new RetentionSettings(ttl, dryRun, pinTagPrefix, maxDeletesPerRepository, reads);
    }

    /** Whether {@code deletes} manifest deletes in one repository reach the limit. */
    boolean deleteLimitReached(int deletes) {
        return maxDeletesPerRepository > 0 && deletes >= maxDeletesPerRepository;
    }
}
