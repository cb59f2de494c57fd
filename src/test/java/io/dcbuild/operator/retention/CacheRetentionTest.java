package io.dcbuild.operator.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.registry.BlobDescriptor;
import io.dcbuild.operator.registry.DistributionClient;
import io.dcbuild.operator.registry.Manifest;
import io.dcbuild.operator.testing.DirectImagePusher;
import io.dcbuild.operator.testing.TinyImage;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.ScratchImagePusher;
import io.dcbuild.operator.testing.SimulatedEnvbuilderCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cache retention against a real registry 2.8, filled with Jib the way Envbuilder fills a cache repository. */
class CacheRetentionTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String REPO = "cache/app";

    private LocalRegistry registry;

    @AfterEach
    void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void staleUnmarkedCacheTagsAreDeletedWhileFreshMarkedAndOtherTagsStay() {
        registry = LocalRegistry.startDefault();
        ScratchImagePusher jib = ScratchImagePusher.to(registry);
        String stale = jib.push(REPO + ":" + key("stale"), "step stale", daysAgo(10), List.of());
        String staleTwice = jib.push(REPO + ":" + key("stale-1"), "step stale twice", daysAgo(9),
                List.of(key("stale-2")));
        String fresh = jib.push(REPO + ":" + key("fresh"), "step fresh", daysAgo(1), List.of());
        String markedStale = jib.push(REPO + ":" + key("marked"), "step recorded", daysAgo(30), List.of());
        String foreignOnStale = jib.push(REPO + ":" + key("foreign"), "step released", daysAgo(20),
                List.of("release-1"));
        String latest = jib.push(REPO + ":latest", "final image", Instant.EPOCH, List.of());
        String referrer = jib.push(REPO + ":sha256-" + key("subject") + ".sig", "signature", daysAgo(40), List.of());
        String foreign = jib.push(REPO + ":v0.1", "someone else's", daysAgo(100), List.of());
        DistributionClient checker = TestRegistryAccess.anonymous().checker(registry);
        long expectedBytes = blobBytes(checker, stale) + blobBytes(checker, staleTwice);
        String repository = registry.hostPort() + "/" + REPO;

        RetentionReport report = retention(TestRegistryAccess.anonymous()).run(
                List.of(repository + "@" + markedStale, repository + "@" + latest), List.of(repository),
                RetentionSettings.defaults());

        RepositoryReport swept = report.repository(repository).orElseThrow();
        assertThat(swept.errors()).isEmpty();
        assertThat(swept.completed()).isTrue();
        assertThat(swept.tagsScanned()).isEqualTo(10);
        assertThat(swept.cacheKeyTags()).isEqualTo(6);
        assertThat(swept.staleTags()).isEqualTo(5);
        assertThat(swept.deletedDigests()).containsExactlyElementsOf(new TreeSet<>(List.of(stale, staleTwice)));
        assertThat(swept.deletedTags()).containsExactlyElementsOf(
                new TreeSet<>(List.of(key("stale"), key("stale-1"), key("stale-2"))));
        assertThat(swept.keptBecauseMarked()).isEqualTo(1);
        assertThat(swept.keptBecauseTagged()).isEqualTo(1);
        assertThat(swept.pinned()).containsExactlyInAnyOrder(pin(markedStale), pin(latest));
        assertThat(swept.unpinned()).isEmpty();
        assertThat(swept.bytesReclaimable()).isEqualTo(expectedBytes).isPositive();
        assertThat(swept.requests()).isPositive();

        assertThat(checker.headManifest(REPO, stale)).isEmpty();
        assertThat(checker.headManifest(REPO, staleTwice)).isEmpty();
        for (String kept : List.of(fresh, markedStale, foreignOnStale, latest, referrer, foreign)) {
            assertThat(checker.headManifest(REPO, kept)).as(kept).isPresent();
        }
        TagSnapshot after = TagSnapshot.of(checker, REPO);
        assertThat(after.tags()).containsExactlyInAnyOrder(key("fresh"), key("marked"), key("foreign"), "release-1",
                "latest", "sha256-" + key("subject") + ".sig", "v0.1", pin(markedStale), pin(latest));
        assertThat(after.digestByTag().get(pin(markedStale))).isEqualTo(markedStale);

        RetentionReport again = retention(TestRegistryAccess.anonymous()).run(
                List.of(repository + "@" + markedStale, repository + "@" + latest), List.of(repository),
                RetentionSettings.defaults());
        RepositoryReport second = again.repositories().get(0);
        assertThat(second.deletedDigests()).isEmpty();
        assertThat(second.pinned()).as("pins already there").isEmpty();
        assertThat(second.errors()).isEmpty();
        assertThat(TagSnapshot.of(checker, REPO)).isEqualTo(after);
    }

    @Test
    void pinnedRecordedImagesSurviveTheRegistryGarbageCollectionWithDeleteUntagged() {
        registry = LocalRegistry.startDefault();
        SimulatedEnvbuilderCache envbuilder = SimulatedEnvbuilderCache.in(registry, "cache/envbuilder");
        SimulatedEnvbuilderCache.Build unrecorded = envbuilder.build("FROM alpine:3\nRUN apk add git\n", "ctx-0");
        SimulatedEnvbuilderCache.Build older = envbuilder.build("FROM debian:12\nRUN one\nRUN two\n", "ctx-1");
        SimulatedEnvbuilderCache.Build current = envbuilder.build(
                "FROM debian:12\nRUN one\nRUN three\nCOPY . /src\n", "ctx-2");
        DistributionClient checker = TestRegistryAccess.anonymous().checker(registry);
        assertThat(checker.headManifest("cache/envbuilder", "latest").orElseThrow().digest())
                .isEqualTo(current.finalDigest());
        String repository = registry.hostPort() + "/cache/envbuilder";
        // the step images were created at push time; eight days later every one of them is stale
        Clock eightDaysLater = Clock.fixed(Instant.now().plus(Duration.ofDays(8)), ZoneOffset.UTC);

        RetentionReport report = new CacheRetention(TestRegistryAccess.anonymous(), eightDaysLater).run(
                List.of(repository + "@" + current.finalDigest(), repository + "@" + older.finalDigest()),
                List.of(repository), RetentionSettings.defaults());

        RepositoryReport swept = report.repositories().get(0);
        assertThat(swept.errors()).isEmpty();
        Set<String> stepTags = new HashSet<>();
        List.of(unrecorded, older, current).forEach(build -> stepTags.addAll(build.stepKeys()));
        assertThat(swept.deletedTags()).containsExactlyInAnyOrderElementsOf(stepTags);
        assertThat(swept.pinned()).containsExactlyInAnyOrder(pin(current.finalDigest()), pin(older.finalDigest()));
        assertThat(TagSnapshot.of(checker, "cache/envbuilder").tags()).containsExactlyInAnyOrder("latest",
                pin(current.finalDigest()), pin(older.finalDigest()));

        registry.runGarbageCollect(true);

        for (String recorded : List.of(current.finalDigest(), older.finalDigest())) {
            Manifest manifest = checker.getManifest("cache/envbuilder", recorded);
            for (BlobDescriptor layer : manifest.layers()) {
                assertThat(checker.getBlob("cache/envbuilder", layer.digest())).as("layer of " + recorded)
                        .hasSize((int) layer.size());
            }
        }
        assertThat(checker.headManifest("cache/envbuilder", unrecorded.finalDigest()))
                .as("an untagged image without a pin is what --delete-untagged removes").isEmpty();
    }

    @Test
    void aDryRunDeletesNothingAndReportsExactlyWhatTheRealRunThenDeletes() {
        registry = LocalRegistry.startDefault();
        ScratchImagePusher jib = ScratchImagePusher.to(registry);
        String once = jib.push(REPO + ":" + key("once-recorded"), "left the history", daysAgo(12), List.of());
        String stillRecorded = jib.push(REPO + ":" + key("recorded"), "still recorded", daysAgo(12), List.of());
        jib.push(REPO + ":" + key("a"), "a", daysAgo(8), List.of(key("b")));
        jib.push(REPO + ":" + key("c"), "c", daysAgo(3), List.of());
        jib.push(REPO + ":latest", "final", Instant.EPOCH, List.of());
        String repository = registry.hostPort() + "/" + REPO;
        DistributionClient checker = TestRegistryAccess.anonymous().checker(registry);
        // an earlier run pinned an image that has since left every history
        retention(TestRegistryAccess.anonymous()).run(
                List.of(repository + "@" + once, repository + "@" + stillRecorded), List.of(repository),
                RetentionSettings.defaults().withTtl(Duration.ofDays(30)));
        TagSnapshot before = TagSnapshot.of(checker, REPO);
        List<String> recorded = List.of(repository + "@" + stillRecorded);

        RepositoryReport dryRun = retention(TestRegistryAccess.anonymous())
                .run(recorded, List.of(repository), RetentionSettings.defaults().withDryRun(true))
                .repositories().get(0);

        assertThat(TagSnapshot.of(checker, REPO)).as("a dry run changes nothing").isEqualTo(before);
        assertThat(dryRun.deletedDigests()).hasSize(2);
        assertThat(dryRun.unpinned()).containsExactly(pin(once));

        RepositoryReport real = retention(TestRegistryAccess.anonymous())
                .run(recorded, List.of(repository), RetentionSettings.defaults())
                .repositories().get(0);

        assertThat(real.deletedDigests()).isEqualTo(dryRun.deletedDigests());
        assertThat(real.deletedTags()).isEqualTo(dryRun.deletedTags());
        assertThat(real.unpinned()).isEqualTo(dryRun.unpinned());
        assertThat(real.pinned()).isEqualTo(dryRun.pinned());
        assertThat(real.staleTags()).isEqualTo(dryRun.staleTags());
        assertThat(real.bytesReclaimable()).isEqualTo(dryRun.bytesReclaimable()).isPositive();
        assertThat(real.errors()).isEqualTo(dryRun.errors()).isEmpty();
        assertThat(before.tagsGoneIn(TagSnapshot.of(checker, REPO)))
                .containsExactlyInAnyOrderElementsOf(real.deletedTags());
    }

    @Test
    void worksAgainstARegistryWithHtpasswdAuthentication() {
        registry = LocalRegistry.builder().basicAuth("gc", "s3cret").start();
        ScratchImagePusher jib = ScratchImagePusher.to(registry).withCredentials("gc", "s3cret");
        String stale = jib.push(REPO + ":" + key("stale"), "stale", daysAgo(10), List.of());
        String recorded = jib.push(REPO + ":" + key("recorded"), "recorded", daysAgo(10), List.of());
        String repository = registry.hostPort() + "/" + REPO;
        List<String> marks = List.of(repository + "@" + recorded);

        RepositoryReport anonymous = retention(TestRegistryAccess.anonymous())
                .run(marks, List.of(repository), RetentionSettings.defaults()).repositories().get(0);
        assertThat(anonymous.errors()).singleElement().asString()
                .contains("cannot read " + repository, "no credentials are configured", "nothing was changed");
        assertThat(anonymous.deletedDigests()).isEmpty();

        TestRegistryAccess access = TestRegistryAccess.withCredentials("gc", "s3cret");
        RepositoryReport swept = retention(access)
                .run(marks, List.of(repository), RetentionSettings.defaults()).repositories().get(0);

        assertThat(swept.errors()).isEmpty();
        assertThat(swept.deletedDigests()).containsExactly(stale);
        assertThat(swept.pinned()).containsExactly(pin(recorded));
        DistributionClient checker = access.checker(registry);
        assertThat(checker.headManifest(REPO, stale)).isEmpty();
        assertThat(checker.headManifest(REPO, pin(recorded)).orElseThrow().digest()).isEqualTo(recorded);
    }

    @Test
    void aDeleteLimitLeavesTheRestForTheNextRuns() {
        registry = LocalRegistry.startDefault();
        DirectImagePusher pusher = DirectImagePusher.to(registry);
        TinyImage.Layer layer = pusher.uploadLayer(REPO, "one layer");
        Set<String> stale = new TreeSet<>();
        for (int i = 0; i < 5; i++) {
            stale.add(pusher.push(REPO, layer, daysAgo(8 + i), "RUN " + i, List.of(key("step " + i))));
        }
        String repository = registry.hostPort() + "/" + REPO;
        RetentionSettings twoPerRun = RetentionSettings.defaults().withMaxDeletesPerRepository(2);
        List<String> deleted = new ArrayList<>();
        List<Integer> deferred = new ArrayList<>();

        for (int run = 0; run < 3; run++) {
            RepositoryReport swept = retention(TestRegistryAccess.anonymous())
                    .run(List.of(), List.of(repository), twoPerRun).repositories().get(0);
            assertThat(swept.errors()).isEmpty();
            assertThat(swept.completed()).isTrue();
            deleted.addAll(swept.deletedDigests());
            deferred.add(swept.deferredDigests());
        }

        assertThat(deferred).containsExactly(3, 1, 0);
        assertThat(deleted).containsExactlyElementsOf(stale);
        assertThat(TagSnapshot.of(TestRegistryAccess.anonymous().checker(registry), REPO).tags()).isEmpty();
    }

    private static CacheRetention retention(RegistryAccess access) {
        return new CacheRetention(access, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static long blobBytes(DistributionClient client, String digest) {
        Manifest manifest = client.getManifest(REPO, digest);
        return manifest.config().size() + manifest.layers().stream().mapToLong(BlobDescriptor::size).sum();
    }

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    private static String key(String name) {
        return TestCacheKey.of(name);
    }

    private static String pin(String digest) {
        return new PinTags(RetentionSettings.DEFAULT_PIN_TAG_PREFIX).tagFor(digest);
    }
}
