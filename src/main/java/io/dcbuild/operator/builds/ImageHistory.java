package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildStatus;
import io.dcbuild.operator.api.v1alpha1.HistoryEntry;
import java.util.ArrayList;
import java.util.List;

/** Records an image as the current one, newest first in history, keeping at most {@code limit} entries. */
final class ImageHistory {

    private ImageHistory() {
    }

    static void record(DevContainerBuildStatus status, String image, boolean cacheHit, String recordedAt, int limit) {
        status.setImage(image);
        status.setCacheHit(cacheHit);
        List<HistoryEntry> history = new ArrayList<>(status.getHistory() == null ? List.of() : status.getHistory());
        HistoryEntry entry = new HistoryEntry(image, status.getCommit(), status.getCacheKey(), recordedAt);
        if (!history.isEmpty() && image.equals(history.get(0).getImage())) {
            history.set(0, entry);
        } else {
            history.add(0, entry);
        }
        status.setHistory(new ArrayList<>(history.subList(0, Math.min(limit, history.size()))));
    }
}
