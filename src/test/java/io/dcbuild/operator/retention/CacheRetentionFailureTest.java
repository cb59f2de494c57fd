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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A registry that refuses deletes, or goes away in the middle of a run. */
class CacheRetentionFailureTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private LocalRegistry registry;

    @AfterEach
    void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aRegistryThatRefusesDeletesGetsOneDeletePerRepositoryAndOneClearError() {
        registry = LocalRegistry.builder().deletesEnabled(false).start();
        List<String> recorded = new ArrayList<>();
        for (String repo : List.of("cache/one", "cache/two")) {
            Filled filled = fill(repo, 4, 2);
            recorded.addAll(filled.recordedImages());
        }
        Map<String, AtomicInteger> deletesByRepository = new ConcurrentHashMap<>();
        TestRegistryAccess access = TestRegistryAccess.anonymous().withHook((method, uri) -> {
            if (method.equals("DELETE")) {
                String path = uri.getPath();
                String repo = path.substring("/v2/".length(), path.indexOf("/manifests/"));
                deletesByRepository.computeIfAbsent(repo, r -> new AtomicInteger()).incrementAndGet();
            }
        });
        DistributionClient checker = access.checker(registry);
        TagSnapshot oneBefore = TagSnapshot.of(checker, "cache/one");

        RetentionReport report = new CacheRetention(access, CLOCK).run(recorded,
                List.of(registry.hostPort() + "/cache/one", registry.hostPort() + "/cache/two"),
                RetentionSettings.defaults());

        assertThat(report.repositories()).hasSize(2).allSatisfy(swept -> {
            assertThat(swept.deletesUnsupported()).isTrue();
            assertThat(swept.completed()).isFalse();
            assertThat(swept.errors()).singleElement().asString()
                    .contains("refuses manifest deletes", "4 stale digest(s) stay", "storage.delete.enabled");
            assertThat(swept.deletedDigests()).isEmpty();
            assertThat(swept.bytesReclaimable()).isZero();
            assertThat(swept.pinned()).as("pinning still works").hasSize(2);
        });
        assertThat(deletesByRepository).containsOnlyKeys("cache/one", "cache/two");
        assertThat(deletesByRepository.values()).allSatisfy(count -> assertThat(count).hasValue(1));
        TagSnapshot oneAfter = TagSnapshot.of(checker, "cache/one");
        assertThat(oneBefore.tagsGoneIn(oneAfter)).isEmpty();
        assertThat(oneAfter.tags()).hasSize(oneBefore.tags().size() + 2);
    }

    @Test
    void aRegistryGoingDownBetweenDeletesLosesNothingMarkedAndTheNextRunFinishesTheJob() {
        registry = LocalRegistry.startDefault();
        Filled filled = fill("cache/app", 6, 3);
        String repository = registry.hostPort() + "/cache/app";
        TestRegistryAccess plain = TestRegistryAccess.anonymous();
        RepositoryReport plan = new CacheRetention(plain, CLOCK).run(filled.recordedImages(), List.of(repository),
                RetentionSettings.defaults().withDryRun(true)).repositories().get(0);
        assertThat(plan.deletedDigests()).containsExactlyElementsOf(new TreeSet<>(filled.staleUnmarked()));
        AtomicInteger deletes = new AtomicInteger();
        TestRegistryAccess stopsBeforeThirdDelete = plain.withHook((method, uri) -> {
            if (method.equals("DELETE") && deletes.incrementAndGet() == 3) {
                registry.stop();
            }
        });

        RepositoryReport interrupted = new CacheRetention(stopsBeforeThirdDelete, CLOCK)
                .run(filled.recordedImages(), List.of(repository), RetentionSettings.defaults())
                .repositories().get(0);

        assertThat(interrupted.completed()).isFalse();
        assertThat(interrupted.deletedDigests()).hasSize(2);
        assertThat(interrupted.errors()).singleElement().asString()
                .contains("registry unavailable after deleting 2 of 6", "the next run deletes the rest");
        assertThat(interrupted.pinned()).hasSize(3);

        registry.restart();
        DistributionClient checker = plain.checker(registry);
        for (String marked : filled.marked()) {
            assertThat(checker.headManifest("cache/app", marked)).as(marked).isPresent();
        }
        RepositoryReport next = new CacheRetention(plain, CLOCK)
                .run(filled.recordedImages(), List.of(repository), RetentionSettings.defaults())
                .repositories().get(0);

        assertThat(next.errors()).isEmpty();
        assertThat(next.completed()).isTrue();
        assertThat(next.pinned()).as("pins put before the interruption are kept").isEmpty();
        List<String> deletedOverBothRuns = new ArrayList<>(interrupted.deletedDigests());
        deletedOverBothRuns.addAll(next.deletedDigests());
        assertThat(deletedOverBothRuns).containsExactlyInAnyOrderElementsOf(plan.deletedDigests());
        for (String marked : filled.marked()) {
            assertThat(checker.headManifest("cache/app", marked)).as(marked).isPresent();
        }
        for (String gone : filled.staleUnmarked()) {
            assertThat(checker.headManifest("cache/app", gone)).as(gone).isEmpty();
        }
    }

    @Test
    void aRegistryGoingDownWhileTheRepositoryIsReadChangesNothingAndTheNextRunDoesItAll() {
        registry = LocalRegistry.startDefault();
        Filled filled = fill("cache/app", 5, 2);
        String repository = registry.hostPort() + "/cache/app";
        TestRegistryAccess plain = TestRegistryAccess.anonymous();
        DistributionClient checker = plain.checker(registry);
        TagSnapshot before = TagSnapshot.of(checker, "cache/app");
        AtomicInteger gets = new AtomicInteger();
        TestRegistryAccess stopsAtFifthRead = plain.withHook((method, uri) -> {
            if (method.equals("GET") && gets.incrementAndGet() == 5) {
                registry.stop();
            }
        });

        RepositoryReport interrupted = new CacheRetention(stopsAtFifthRead, CLOCK)
                .run(filled.recordedImages(), List.of(repository), RetentionSettings.defaults())
                .repositories().get(0);

        assertThat(interrupted.completed()).isFalse();
        assertThat(interrupted.deletedDigests()).isEmpty();
        assertThat(interrupted.pinned()).isEmpty();
        assertThat(interrupted.errors()).singleElement().asString()
                .contains("cannot read " + repository + " (registry unavailable)", "nothing was changed");

        registry.restart();
        assertThat(TagSnapshot.of(checker, "cache/app")).isEqualTo(before);
        RepositoryReport next = new CacheRetention(plain, CLOCK)
                .run(filled.recordedImages(), List.of(repository), RetentionSettings.defaults())
                .repositories().get(0);

        assertThat(next.errors()).isEmpty();
        assertThat(next.deletedDigests()).containsExactlyInAnyOrderElementsOf(filled.staleUnmarked());
        assertThat(next.pinned()).hasSize(2);
    }

    /** {@code stale} stale unmarked cache images, {@code marked} stale recorded ones, one fresh one, and latest. */
    private Filled fill(String repo, int stale, int marked) {
        DirectImagePusher pusher = DirectImagePusher.to(registry);
        TinyImage.Layer layer = pusher.uploadLayer(repo, "shared layer of " + repo);
        List<String> staleUnmarked = new ArrayList<>();
        List<String> markedDigests = new ArrayList<>();
        for (int i = 0; i < stale + marked; i++) {
            String step = repo + " step " + i;
            String digest = pusher.push(repo, layer, NOW.minus(Duration.ofDays(10 + i)), "RUN " + step,
                    List.of(TestCacheKey.of(step)));
            (i < stale ? staleUnmarked : markedDigests).add(digest);
        }
        pusher.push(repo, layer, NOW.minus(Duration.ofHours(1)), "RUN fresh", List.of(TestCacheKey.of("fresh")));
        pusher.push(repo, layer, Instant.EPOCH, "final", List.of("latest"));
        List<String> recorded = markedDigests.stream().map(d -> registry.hostPort() + "/" + repo + "@" + d).toList();
        return new Filled(staleUnmarked, markedDigests, recorded);
    }

    private record Filled(List<String> staleUnmarked, List<String> marked, List<String> recordedImages) {
    }
}
