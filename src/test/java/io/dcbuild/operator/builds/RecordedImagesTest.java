package io.dcbuild.operator.builds;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildStatus;
import io.dcbuild.operator.api.v1alpha1.HistoryEntry;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RecordedImagesTest {

    private static final String KEY = "a".repeat(64);
    private static final String OTHER_KEY = "b".repeat(64);

    @Test
    void theCurrentImageOfAReadyBuildWithTheKeyComesFirst() {
        DevContainerBuild older = build(BuildPhase.Ready, OTHER_KEY, "r@sha256:2",
                new HistoryEntry("r@sha256:1", "c1", KEY, "2026-01-01T00:00:00Z"));
        DevContainerBuild ready = build(BuildPhase.Ready, KEY, "r@sha256:3");

        assertThat(RecordedImages.forKey(KEY, Stream.of(older, ready))).hasValueSatisfying(recorded -> {
            assertThat(recorded.image()).isEqualTo("r@sha256:3");
            assertThat(recorded.references()).as("what the preflight found, kept with the current image").isPresent();
        });
    }

    @Test
    void aHistoryEntryWithTheKeyServesWhenNoReadyBuildHasIt() {
        DevContainerBuild moved = build(BuildPhase.Ready, OTHER_KEY, "r@sha256:2",
                new HistoryEntry("r@sha256:2", "c2", OTHER_KEY, "2026-01-02T00:00:00Z"),
                new HistoryEntry("r@sha256:1", "c1", KEY, "2026-01-01T00:00:00Z"));

        assertThat(RecordedImages.forKey(KEY, Stream.of(moved))).hasValueSatisfying(recorded -> {
            assertThat(recorded.image()).isEqualTo("r@sha256:1");
            assertThat(recorded.references()).as("history keeps no references").isEmpty();
        });
    }

    @Test
    void aBuildStillRunningForTheKeyRecordsNothing() {
        DevContainerBuild running = build(BuildPhase.Building, KEY, "r@sha256:old");
        DevContainerBuild fresh = new DevContainerBuild();

        assertThat(RecordedImages.forKey(KEY, Stream.of(running, fresh))).isEmpty();
    }

    private static DevContainerBuild build(BuildPhase phase, String cacheKey, String image, HistoryEntry... history) {
        DevContainerBuildStatus status = new DevContainerBuildStatus();
        status.setPhase(phase);
        status.setCacheKey(cacheKey);
        status.setImage(image);
        status.setHistory(List.of(history));
        DevContainerBuild build = new DevContainerBuild();
        build.setStatus(status);
        return build;
    }
}
