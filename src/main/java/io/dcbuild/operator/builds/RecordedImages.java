package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildStatus;
import io.dcbuild.operator.api.v1alpha1.HistoryEntry;
import io.dcbuild.operator.api.v1alpha1.SourceReference;
import java.util.List;
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
     * An image recorded for a cache key, with what the preflight found at that commit when a Ready build records
     * it as its current image (empty when it comes from a history entry, which keeps no references).
     */
    record RecordedImage(String image, Optional<List<SourceReference>> references) {
    }

    /**
     * The image recorded for {@code cacheKey}: first the current image of a Ready build with that key, else the
     * newest history entry with it.
     */
    static Optional<RecordedImage> forKey(String cacheKey, Stream<DevContainerBuild> buildsOfNamespace) {
        Optional<RecordedImage> fromHistory = Optional.empty();
        for (DevContainerBuild build : buildsOfNamespace.toList()) {
            DevContainerBuildStatus status = build.getStatus();
            if (status == null) {
                continue;
            }
            if (status.getPhase() == BuildPhase.Ready && cacheKey.equals(status.getCacheKey())
                    && status.getImage() != null) {
                return Optional.of(new RecordedImage(status.getImage(),
                        Optional.ofNullable(status.getReferences()).map(List::copyOf)));
            }
            if (fromHistory.isEmpty() && status.getHistory() != null) {
                fromHistory = status.getHistory().stream()
                        .filter(entry -> cacheKey.equals(entry.getCacheKey()))
                        .map(HistoryEntry::getImage)
                        .filter(Objects::nonNull)
                        .findFirst()
                        .map(image -> new RecordedImage(image, Optional.empty()));
            }
        }
        return fromHistory;
    }
}
