package io.dcbuild.operator.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildStatus;
import io.dcbuild.operator.api.v1alpha1.HistoryEntry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkSetTest {

    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);

    @Test
    void groupsRecordedDigestsPerCanonicalRepository() {
        MarkSet marks = MarkSet.of(Arrays.asList(
                "registry.example.com:5000/cache/app@" + A,
                "registry.example.com:5000/cache/app:latest@" + B,
                "registry.example.com:5000/cache/app@" + A,
                "ubuntu@" + A,
                null, " "));

        assertThat(marks.repositories()).containsExactlyInAnyOrder("registry.example.com:5000/cache/app",
                "docker.io/library/ubuntu");
        assertThat(marks.digests("registry.example.com:5000/cache/app")).containsExactly(A, B);
        assertThat(marks.isMarked("docker.io/library/ubuntu", A)).isTrue();
        assertThat(marks.isMarked("index.docker.io/library/ubuntu", A)).isTrue();
        assertThat(marks.digests("registry.example.com:5000/other")).isEmpty();
        assertThat(marks.size()).isEqualTo(3);
        assertThat(marks.unusable()).isEmpty();
    }

    @Test
    void marksRecordedUnderOneSpellingProtectTheRepositoryUnderEveryOther() {
        MarkSet marks = MarkSet.of(List.of("127.0.0.1:5000/cache/app@" + A, "localhost:5000/cache/app@" + B,
                "registry.example.com:443/cache/web@" + A));

        assertThat(marks.digests("LOCALHOST:5000/cache/app")).containsExactlyInAnyOrder(A, B);
        assertThat(marks.isMarked("localhost:5000/cache/app", A)).isTrue();
        assertThat(marks.digests("registry.example.com/cache/web")).containsExactly(A);
        assertThat(marks.repositories()).hasSize(2);
    }

    @Test
    void recordedImagesWithoutAUsableDigestAreReportedNotMarked() {
        MarkSet marks = MarkSet.of(List.of("registry.example.com/cache/app:latest",
                "registry.example.com/cache/app@sha256:ABC"));

        assertThat(marks.size()).isZero();
        assertThat(marks.unusable()).hasSize(2);
        assertThat(marks.unusable().get(0)).contains("has no digest");
        assertThat(marks.unusable().get(1)).contains("sha256:ABC");
    }

    @Test
    void marksTheCurrentImageAndTheWholeHistoryOfEveryBuild() {
        DevContainerBuild first = build("r.example.com/c/one@" + A, "r.example.com/c/one@" + A,
                "r.example.com/c/one@" + B);
        DevContainerBuild noStatus = new DevContainerBuild();
        DevContainerBuild second = build(null, "r.example.com/c/two@" + B);

        MarkSet marks = MarkSet.ofBuilds(List.of(first, noStatus, second));

        assertThat(marks.digests("r.example.com/c/one")).containsExactly(A, B);
        assertThat(marks.digests("r.example.com/c/two")).containsExactly(B);
    }

    @Test
    void settingsRejectAPinPrefixThatCouldLookLikeACacheKeyOrMakeTooLongTags() {
        assertThat(RetentionSettings.defaults().ttl()).isEqualTo(Duration.ofDays(7));
        assertThat(RetentionSettings.defaults().pinTagPrefix()).isEqualTo("dcbuild-pin-");
        assertThat(RetentionSettings.ofTtlDays(3).withDryRun(true))
                .isEqualTo(new RetentionSettings(Duration.ofDays(3), true, "dcbuild-pin-", 0, 4));
        assertThatThrownBy(() -> RetentionSettings.defaults().withPinTagPrefix("abc123"))
                .hasMessageContaining("mistaken for cache keys");
        assertThatThrownBy(() -> RetentionSettings.defaults().withPinTagPrefix("p".repeat(89)))
                .hasMessageContaining("1 to 88 characters");
        assertThatThrownBy(() -> RetentionSettings.defaults().withPinTagPrefix("-pin"))
                .hasMessageContaining("invalid pin tag prefix");
        assertThatThrownBy(() -> RetentionSettings.defaults().withTtl(Duration.ZERO))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> RetentionSettings.defaults().withMaxDeletesPerRepository(-1))
                .hasMessageContaining("0 (no limit)");
        assertThatThrownBy(() -> RetentionSettings.defaults().withConcurrentReads(0))
                .hasMessageContaining("1 to 32");
        String longest = new PinTags("p".repeat(88)).tagFor(A);
        assertThat(longest).hasSize(128);
    }

    private static DevContainerBuild build(String image, String... history) {
        DevContainerBuildStatus status = new DevContainerBuildStatus();
        status.setImage(image);
        for (String entry : history) {
            status.getHistory().add(new HistoryEntry(entry, "commit", "key", "2030-01-01T00:00:00Z"));
        }
        DevContainerBuild build = new DevContainerBuild();
        build.setStatus(status);
        return build;
    }
}
