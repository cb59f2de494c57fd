package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildStatus;
import io.dcbuild.operator.api.v1alpha1.HistoryEntry;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The images builds of one namespace have recorded, by cache key: a build whose new run has a key that another
 * build (or its own history) already recorded needs no probe pod, only the registry's word that the digest is still
 * served. The cache key covers the commit, the cache repository and every setting that changes the image, so the
 * same key means the same image.
 */
final class RecordedImages {

    private RecordedImages() {
    }

    /**
     * The image recorded for {@code cacheKey}: first the current image of a Ready build with that key, else the
     * newest history entry with it.
     */
    static Optional<String> forKey(String cacheKey, Stream<DevContainerBuild> buildsOfNamespace) {
        Optional<String> fromHistory = Optional.empty();
        for (DevContainerBuild build : buildsOfNamespace.toList()) {
            DevContainerBuildStatus status = build.getStatus();
            if (status == null) {
                continue;
            }
            if (status.getPhase() == BuildPhase.Ready && cacheKey.equals(status.getCacheKey())
                    && status.getImage() != null) {
                return Optional.of(status.getImage());
            }
            if (fromHistory.isEmpty() && status.getHistory() != null) {
                fromHistory = status.getHistory().stream()
                        .filter(entry -> cacheKey.equals(entry.getCacheKey()))
                        .map(HistoryEntry::getImage)
                        .filter(Objects::nonNull)
                        .findFirst();
            }
        }
        return fromHistory;
    }
}
