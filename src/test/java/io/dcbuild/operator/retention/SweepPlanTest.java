package io.dcbuild.operator.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.registry.BlobDescriptor;
import io.dcbuild.operator.registry.Manifest;
import io.dcbuild.operator.registry.ManifestMediaTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The decisions alone, on hand-made scans: no registry. */
class SweepPlanTest {

    private static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");
    private static final Instant CUTOFF = NOW.minus(Duration.ofDays(7));
    private static final Instant STALE = NOW.minus(Duration.ofDays(10));
    private static final Instant FRESH = NOW.minus(Duration.ofDays(1));
    private static final PinTags PINS = new PinTags(RetentionSettings.DEFAULT_PIN_TAG_PREFIX);

    private final Map<String, String> digestByTag = new LinkedHashMap<>();
    private final Map<String, ScannedManifest> manifests = new LinkedHashMap<>();

    @Test
    void aStaleUnmarkedCacheTagIsDeletedWithItsDigestOnce() {
        String digest = image(STALE, key('a'), key('b'));

        SweepPlan plan = plan(Set.of());

        assertThat(plan.staleTags()).containsExactly(key('a'), key('b'));
        assertThat(plan.deletions()).containsExactly(new SweepPlan.Deletion(digest, List.of(key('a'), key('b'))));
        assertThat(plan.cacheKeyTags()).isEqualTo(2);
    }

    @Test
    void freshCacheTagsAndTagsThatMustStayProtectTheirDigest() {
        image(FRESH, key('f'));
        image(STALE, key('1'), "latest");
        image(STALE, key('2'), "sha256-" + "c".repeat(64) + ".sig");
        image(STALE, key('3'), "release-1");
        image(STALE, "KEY" + "a".repeat(61)); // not lowercase hex: not a cache key

        SweepPlan plan = plan(Set.of());

        assertThat(plan.deletions()).isEmpty();
        assertThat(plan.staleTags()).containsExactly(key('1'), key('2'), key('3'));
        assertThat(plan.keptBecauseTagged()).isEqualTo(3);
    }

    @Test
    void aMarkedDigestIsKeptAndPinnedEvenWhenStale() {
        String marked = image(STALE, key('d'));
        String untaggedRecorded = digest('u'); // recorded, but no tag in the listing

        SweepPlan plan = plan(Set.of(marked, untaggedRecorded));

        assertThat(plan.deletions()).isEmpty();
        assertThat(plan.keptBecauseMarked()).isEqualTo(1);
        assertThat(plan.pinsToCreate()).containsExactly(
                new SweepPlan.Pin(marked, PINS.tagFor(marked)),
                new SweepPlan.Pin(untaggedRecorded, PINS.tagFor(untaggedRecorded)));
    }

    @Test
    void anExistingPinOfAMarkedDigestIsNotPutAgain() {
        String marked = digest('p');
        image(marked, Optional.empty(), PINS.tagFor(marked));

        SweepPlan plan = plan(Set.of(marked));

        assertThat(plan.pinsToCreate()).isEmpty();
        assertThat(plan.pinsPresent()).containsExactly(PINS.tagFor(marked));
        assertThat(plan.deletions()).isEmpty();
    }

    @Test
    void anUnmarkedDigestWithOnlyPinsAndStaleCacheTagsIsDeletedAndThePinGoesWithIt() {
        String pinOnly = digest('1');
        image(pinOnly, Optional.empty(), PINS.tagFor(pinOnly));
        String pinAndStale = digest('2');
        image(pinAndStale, Optional.of(STALE), PINS.tagFor(pinAndStale), key('5'));

        SweepPlan plan = plan(Set.of());

        assertThat(plan.deletions()).containsExactly(
                new SweepPlan.Deletion(pinOnly, List.of(PINS.tagFor(pinOnly))),
                new SweepPlan.Deletion(pinAndStale, List.of(key('5'), PINS.tagFor(pinAndStale))));
        assertThat(plan.pinsLeftInPlace()).isEmpty();
    }

    @Test
    void aPinOfAnUnmarkedDigestStaysWhenAnotherTagOnItMustStay() {
        String withLatest = digest('1');
        image(withLatest, Optional.empty(), PINS.tagFor(withLatest), "latest");
        String withFresh = digest('2');
        image(withFresh, Optional.of(FRESH), PINS.tagFor(withFresh), key('f'));

        SweepPlan plan = plan(Set.of());

        assertThat(plan.deletions()).isEmpty();
        assertThat(plan.pinsLeftInPlace()).containsExactlyInAnyOrder(PINS.tagFor(withLatest), PINS.tagFor(withFresh));
    }

    @Test
    void aTagWithOurPrefixOnAnotherDigestThanItsNameMustStay() {
        String moved = digest('9');
        String elsewhere = digest('8');
        image(moved, Optional.of(STALE), PINS.tagFor(elsewhere), key('5'));

        SweepPlan plan = plan(Set.of(elsewhere));

        assertThat(plan.deletions()).isEmpty();
        assertThat(plan.pinsToCreate()).containsExactly(new SweepPlan.Pin(elsewhere, PINS.tagFor(elsewhere)));
    }

    @Test
    void aCacheTagOfUnknownAgeIsKeptAndReported() {
        String digest = digest('x');
        put(digest, new ScannedManifest(manifest(digest), Optional.empty(),
                "its config has no readable 'created' time"), key('e'));

        SweepPlan plan = plan(Set.of());

        assertThat(plan.deletions()).isEmpty();
        assertThat(plan.problems()).singleElement().asString()
                .contains("1 cache-key tag(s)", key('e'), "no readable 'created' time");
    }

    @Test
    void aCacheTagCreatedExactlyAtTheCutoffIsNotStale() {
        image(CUTOFF, key('c'));

        assertThat(plan(Set.of()).staleTags()).isEmpty();
    }

    // ---- hand-made scans ----

    private SweepPlan plan(Set<String> marked) {
        List<String> listed = new ArrayList<>(digestByTag.keySet());
        return SweepPlan.of(new RepositoryScan("cache/app", listed, digestByTag, manifests, List.of()), marked,
                CUTOFF, PINS);
    }

    private String image(Instant created, String... tags) {
        String digest = digest((char) ('a' + manifests.size()));
        image(digest, Optional.of(created), tags);
        return digest;
    }

    private void image(String digest, Optional<Instant> created, String... tags) {
        put(digest, new ScannedManifest(manifest(digest), created, null), tags);
    }

    private void put(String digest, ScannedManifest manifest, String... tags) {
        manifests.put(digest, manifest);
        for (String tag : tags) {
            digestByTag.put(tag, digest);
        }
    }

    private static Manifest manifest(String digest) {
        return new Manifest(new byte[0], ManifestMediaTypes.DOCKER_MANIFEST, digest, Manifest.Kind.IMAGE,
                new BlobDescriptor("config", "sha256:" + "0".repeat(64), 10), List.of(), List.of());
    }

    private static String key(char hexDigit) {
        assertThat(Character.digit(hexDigit, 16)).as("cache keys are hex").isNotNegative();
        return String.valueOf(hexDigit).repeat(64);
    }

    private static String digest(char c) {
        return "sha256:" + String.valueOf(c).repeat(64);
    }
}
