package io.dcbuild.operator.source;

import java.util.List;
import java.util.Optional;

/** Read-only access to the files of one commit. Paths are relative to the repository root and {@code /}-separated. */
public interface RepositoryFiles {

    /**
     * The UTF-8 text of the file at {@code path}, or empty when no regular file is there.
     *
     * @throws DevcontainerContentException of kind {@code TOO_LARGE} when the file is larger than the reader allows
     */
    Optional<String> read(String path) throws DevcontainerContentException;

    /** Names of the directories directly under {@code path}, sorted; empty when there are none or no such folder. */
    List<String> directories(String path) throws DevcontainerContentException;

    /**
     * Tells that the files read next lie mostly under {@code folder} (the devcontainer folder), so that files which
     * come over the network can be fetched together rather than with a request each. What is read is the same with
     * or without it; by default nothing happens.
     */
    default void willReadFolder(String folder) {
    }
}
