package io.dcbuild.operator.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.registry.DistributionClient;
import io.dcbuild.operator.testing.DirectImagePusher;
import io.dcbuild.operator.testing.TinyImage;
import io.dcbuild.operator.testing.LocalRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many builds over a few cache repositories, each build spelling the registry its own way ({@code 127.0.0.1:port},
 * {@code localhost:port}, {@code LOCALHOST:port}: one repository), with random histories, random step ages, re-pushed cache keys (the
 * tag moves, the old digest goes untagged), foreign and referrer tags on random images. Six retention runs; between
 * two runs the policy changes (its TTL, the repositories it governs, its history limit, so histories shrink) and
 * some builds run again, recording new images; after each run every image any status records must still be served,
 * governed or not. At the end the registry's GC with {@code --delete-untagged}. What must be deleted is
 * computed here from what the test pushed, independently of the sweep. In every run a build records, as a cache hit
 * does, the first digest the sweep is about to delete, after the marks were read: the fence before each delete
 * must keep it.
 *
 * <p>The seed is fixed so that a failure can be replayed; {@code -Dretention.seed=N} tries another one. Every
 * assertion message names it.
 */
class CacheRetentionRandomizedTest {

    private static final long SEED = Long.getLong("retention.seed", 20_240_611L);
    /** Fixed, like the seed, so that the pushed images and so their digests are the same in every replay. */
    private static final Instant START = Instant.parse("2031-03-01T12:00:00Z");
    private static final int ROUNDS = 6;
    private static final PinTags PINS = new PinTags(RetentionSettings.DEFAULT_PIN_TAG_PREFIX);
    private static final List<String> REPOS = List.of("cache/alpha", "cache/beta", "cache/gamma");

    private final Random random = new Random(SEED);
    private final Map<String, Instant> createdByDigest = new HashMap<>();
    private final Map<String, ImageInputs> inputsByDigest = new HashMap<>();
    private final Map<String, List<String>> keyPoolByRepo = new HashMap<>();
    private final Map<String, List<TinyImage.Layer>> layersByRepo = new HashMap<>();
    private final List<SimulatedBuild> builds = new ArrayList<>();
    private LocalRegistry registry;
    private DirectImagePusher pusher;
    private int deleted;
    private int unpinned;
    private final List<String> recordedDuringRuns = new ArrayList<>();

    @AfterEach
    void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void recordedImagesAlwaysSurviveAndOnlyStaleUnreferencedCacheImagesGo() {
        registry = LocalRegistry.startDefault();
        pusher = DirectImagePusher.to(registry);
        fillRandomly();
        TestRegistryAccess access = TestRegistryAccess.anonymous();
        DistributionClient checker = access.checker(registry);

        Instant now = START;
        for (int round = 1; round <= ROUNDS; round++) {
            // the policy changes between runs: its TTL, the repositories it governs, its history limit
            Duration ttl = Duration.ofDays(List.of(1, 3, 7, 14).get(random.nextInt(4)));
            List<String> governed = REPOS.stream().filter(repo -> random.nextInt(3) > 0).toList();
            if (governed.isEmpty()) {
                governed = List.of(REPOS.get(random.nextInt(REPOS.size())));
            }
            int historyLimit = 1 + random.nextInt(3);
            for (SimulatedBuild build : builds) {
                build.trimTo(historyLimit);
            }
            // builds go on meanwhile: some run again (new images recorded, cache keys re-pushed)
            for (int b = 0; b < builds.size(); b++) {
                if (random.nextInt(4) == 0) {
                    runBuild(builds.get(b), b, 100 + round);
                }
            }
            now = now.plus(Duration.ofDays(1 + random.nextInt(5)));
            sweepAndCheck(access, checker, now, "run " + round + " (ttl " + ttl.toDays() + "d, governs " + governed
                    + ", history " + historyLimit + ")", ttl, governed);
            assertEveryRecordedImageIsServed(checker, "after run " + round);
        }

        assertThat(deleted).as(context("the scenario deletes something")).isPositive();
        assertThat(recordedDuringRuns).as(context("digests recorded while a run went on")).isNotEmpty();
        assertThat(builds.stream().map(build -> build.host).distinct().count())
                .as(context("the builds spell the registry in several ways")).isGreaterThan(1);
        assertThat(unpinned).as(context("the scenario drops pins")).isPositive();
        registry.runGarbageCollect(true);
        assertEveryRecordedImageIsServed(checker, "after GC --delete-untagged");
    }

    /** The invariant: whatever a status records, the registry serves, in every repository, governed or not. */
    private void assertEveryRecordedImageIsServed(DistributionClient checker, String when) {
        for (String image : recordedImages()) {
            io.dcbuild.operator.registry.ImageReference recorded = io.dcbuild.operator.registry.ImageReference
                    .parse(image);
            assertThat(checker.headManifest(recorded.repository(), recorded.digest()))
                    .as(context(when + ", " + image)).isPresent();
        }
    }

    private void sweepAndCheck(TestRegistryAccess access, DistributionClient checker, Instant now, String round,
            Duration ttl, List<String> governed) {
        Map<String, TagSnapshot> before = new TreeMap<>();
        for (String repo : REPOS) {
            before.put(repo, TagSnapshot.of(checker, repo));
        }
        // as PolicyRetentionRun does: the marks of every build whose images live in a repository the policy sweeps
        MarkSet marks = MarkSet.of(recordedImages().stream()
                .filter(image -> governed.stream().anyMatch(repo -> image.contains("/" + repo + "@"))).toList());
        Instant cutoff = now.minus(ttl);
        String[] recordedLate = new String[1];
        RecordedNow fence = (repository, digest) -> {
            if (recordedLate[0] == null) { // a build of that repository records it now, as a cache hit does
                recordedLate[0] = digest;
                builds.stream().filter(build -> build.repo.equals(repository.repository())).findFirst()
                        .orElseThrow().history.add(0, digest);
                recordedDuringRuns.add(digest);
            }
            return MarkSet.of(recordedImages()).digests(repository).contains(digest);
        };

        RetentionReport report = new CacheRetention(access, Clock.fixed(now, ZoneOffset.UTC)).run(marks,
                governed.stream().map(repo -> registry.hostPort() + "/" + repo).toList(),
                RetentionSettings.defaults().withTtl(ttl), fence);
        MarkSet marksAfter = MarkSet.of(recordedImages());

        assertThat(report.allErrors()).as(context(round)).isEmpty();
        report.repositories().forEach(swept -> {
            System.out.printf("%s, %s: %d tags, %d stale, %d digests deleted, kept %d marked and %d tagged, "
                    + "%d pinned, %d unpinned, %d pins left, %d requests%n", context(round), swept.repository(),
                    swept.tagsScanned(), swept.staleTags(), swept.deletedDigests().size(), swept.keptBecauseMarked(),
                    swept.keptBecauseTagged(), swept.pinned().size(), swept.unpinned().size(),
                    swept.pinsLeftInPlace().size(), swept.requests());
            deleted += swept.deletedDigests().size();
            unpinned += swept.unpinned().size();
        });
        for (String repo : REPOS) {
            String name = registry.hostPort() + "/" + repo;
            String what = context(round + ", " + repo);
            if (!governed.contains(repo)) {
                assertThat(TagSnapshot.of(checker, repo).digestByTag()).as(what + ": not governed, untouched")
                        .isEqualTo(before.get(repo).digestByTag());
                continue;
            }
            Set<String> pinnedMarks = marks.digests(name);
            Set<String> marked = marksAfter.digests(name);
            Set<String> expected = expectedDeletedTags(before.get(repo), marked, cutoff);
            RepositoryReport swept = report.repository(name).orElseThrow();
            TagSnapshot after = TagSnapshot.of(checker, repo);

            assertThat(swept.deletedTags()).as(what + ": reported deleted tags").containsExactlyElementsOf(expected);
            assertThat(before.get(repo).tagsGoneIn(after)).as(what + ": tags really gone")
                    .containsExactlyElementsOf(expected);
            for (String tag : before.get(repo).tagsGoneIn(after)) {
                String digest = before.get(repo).digestByTag().get(tag);
                assertThat(marked).as(what + ": deleted tag " + tag + " was on a recorded digest")
                        .doesNotContain(digest);
                assertThat(isStaleCacheKey(tag, digest, cutoff) || PINS.isPinOf(tag, digest))
                        .as(what + ": deleted tag " + tag + " is a stale cache key or a dropped pin").isTrue();
            }
            for (String digest : marked) {
                assertThat(checker.headManifest(repo, digest)).as(what + ": recorded " + digest).isPresent();
            }
            for (String digest : pinnedMarks) {
                assertThat(after.digestByTag().get(PINS.tagFor(digest))).as(what + ": pin of " + digest)
                        .isEqualTo(digest);
            }
            Map<String, Collection<String>> tagsByDigest = byDigest(after);
            after.digestByTag().forEach((tag, digest) -> {
                if (TagRole.isCacheKey(tag)) {
                    boolean fresh = !createdByDigest.get(digest).isBefore(cutoff);
                    boolean protectedByAnotherTag = tagsByDigest.get(digest).stream()
                            .anyMatch(other -> !TagRole.isCacheKey(other) && !PINS.isPinOf(other, digest));
                    assertThat(fresh || marked.contains(digest) || protectedByAnotherTag)
                            .as(what + ": remaining cache tag " + tag + " is fresh, recorded or shares a kept digest")
                            .isTrue();
                }
            });
        }
    }

    /** The tags on digests that are not recorded and whose every tag is a stale cache key or our pin. */
    private Set<String> expectedDeletedTags(TagSnapshot snapshot, Set<String> marked, Instant cutoff) {
        Set<String> expected = new TreeSet<>();
        byDigest(snapshot).forEach((digest, tags) -> {
            boolean deletable = !marked.contains(digest) && tags.stream()
                    .allMatch(tag -> isStaleCacheKey(tag, digest, cutoff) || PINS.isPinOf(tag, digest));
            if (deletable) {
                expected.addAll(tags);
            }
        });
        return expected;
    }

    private boolean isStaleCacheKey(String tag, String digest, Instant cutoff) {
        return TagRole.isCacheKey(tag) && createdByDigest.get(digest).isBefore(cutoff);
    }

    private static Map<String, Collection<String>> byDigest(TagSnapshot snapshot) {
        Map<String, Collection<String>> tags = new TreeMap<>();
        snapshot.digestByTag().forEach((tag, digest) -> tags.computeIfAbsent(digest, d -> new TreeSet<>()).add(tag));
        return tags;
    }

    // ---- random filling ----

    private void fillRandomly() {
        for (String repo : REPOS) {
            List<TinyImage.Layer> layers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                layers.add(pusher.uploadLayer(repo, repo + " layer " + i));
            }
            layersByRepo.put(repo, layers);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                keys.add(TestCacheKey.of(SEED + " " + repo + " key " + i));
            }
            keyPoolByRepo.put(repo, keys);
        }
        int buildCount = 12 + random.nextInt(6);
        for (int b = 0; b < buildCount; b++) {
            String repo = REPOS.get(random.nextInt(REPOS.size()));
            List<String> spellings = List.of(registry.hostPort(), registry.hostPort().replace("127.0.0.1", "localhost"),
                    registry.hostPort().replace("127.0.0.1", "LOCALHOST"));
            SimulatedBuild build = new SimulatedBuild(repo, spellings.get(random.nextInt(spellings.size())));
            builds.add(build);
            int runs = 1 + random.nextInt(5);
            int historyLimit = 1 + random.nextInt(3);
            for (int run = 0; run < runs; run++) {
                runBuild(build, b, run);
                build.trimTo(historyLimit);
            }
            if (random.nextInt(3) == 0 && !build.stepDigests.isEmpty()) { // an image that is one cached step
                build.history.add(build.stepDigests.get(random.nextInt(build.stepDigests.size())));
            }
        }
        for (String repo : REPOS) {
            List<String> digests = new ArrayList<>(inputsByDigest.keySet().stream()
                    .filter(digest -> inputsByDigest.get(digest).repo().equals(repo)).sorted().toList());
            for (int i = 0; i < 2 && !digests.isEmpty(); i++) {
                retag(digests.get(random.nextInt(digests.size())), "release-" + i);
                String subject = digests.get(random.nextInt(digests.size()));
                retag(digests.get(random.nextInt(digests.size())), "sha256-" + subject.substring(7) + ".sig");
            }
        }
    }

    private void runBuild(SimulatedBuild build, int buildNumber, int run) {
        String repo = build.repo;
        int steps = 1 + random.nextInt(3);
        for (int step = 0; step < steps; step++) {
            String key = keyPoolByRepo.get(repo).get(random.nextInt(10));
            if (random.nextBoolean()) {
                continue; // a cache hit: the tag stays where it is
            }
            Instant created = START.minus(Duration.ofHours(random.nextInt(20 * 24)));
            String digest = push(repo, created, "RUN step " + key + " build " + buildNumber + " run " + run, key);
            build.stepDigests.add(digest);
        }
        String finalDigest = push(repo, Instant.EPOCH, "final of build " + buildNumber + " run " + run, "latest");
        build.history.add(0, finalDigest);
    }

    private String push(String repo, Instant created, String createdBy, String tag) {
        List<TinyImage.Layer> layers = layersByRepo.get(repo);
        TinyImage.Layer layer = layers.get(random.nextInt(layers.size()));
        String digest = pusher.push(repo, layer, created, createdBy, List.of(tag));
        createdByDigest.put(digest, created);
        inputsByDigest.put(digest, new ImageInputs(repo, layer, created, createdBy));
        return digest;
    }

    /** Puts another tag on an existing image: pushing the same inputs gives the same digest. */
    private void retag(String digest, String tag) {
        ImageInputs inputs = inputsByDigest.get(digest);
        String again = pusher.push(inputs.repo(), inputs.layer(), inputs.created(), inputs.createdBy(), List.of(tag));
        assertThat(again).as(context("re-tagging " + digest)).isEqualTo(digest);
    }

    private List<String> recordedImages() {
        List<String> images = new ArrayList<>();
        for (SimulatedBuild build : builds) {
            build.history.forEach(digest -> images.add(build.host + "/" + build.repo + "@" + digest));
        }
        return images;
    }

    private static String context(String what) {
        return "seed " + SEED + " (replay with -Dretention.seed=" + SEED + "), " + what;
    }

    private record ImageInputs(String repo, TinyImage.Layer layer, Instant created, String createdBy) {
    }

    /** One build's status: its history of recorded images, newest first. */
    private static final class SimulatedBuild {

        private final String repo;
        /** How this build spells the registry in what it records. */
        private final String host;
        private final List<String> history = new ArrayList<>();
        private final List<String> stepDigests = new ArrayList<>();

        SimulatedBuild(String repo, String host) {
            this.repo = repo;
            this.host = host;
        }

        void trimTo(int limit) {
            while (history.size() > limit) {
                history.remove(history.size() - 1);
            }
        }

        void dropOldest(int count) {
            trimTo(Math.max(0, history.size() - count));
        }
    }
}
