package io.dcbuild.operator.runs;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.dcbuild.operator.builds.CacheKey;
import java.util.Optional;

/**
 * Names of runs and of their pods. A run's name derives from the cache key (and the rebuild request, and the attempt
 * after failed ones), so every build of a key in a namespace arrives at the same name and the API server admits one
 * run of it: the name is the lock. Names stay within 63 characters, the limit of the label values that carry them.
 */
public final class RunNames {

    /** Label on pods: the run that created them. */
    public static final String RUN_LABEL = "dcbuild.io/run";

    private RunNames() {
    }

    /**
     * @param rebuildRequest the rebuild annotation a forced build answers, if any
     * @param attempt 1 for the first run of the key; the next number after a failed one
     */
    public static String of(String cacheKey, Optional<String> rebuildRequest, int attempt) {
        StringBuilder name = new StringBuilder("dcb-").append(cacheKey, 0, 32);
        rebuildRequest.ifPresent(request -> name.append("-r").append(CacheKey.sha256(request), 0, 8));
        if (attempt > 1) {
            name.append('-').append(attempt);
        }
        return name.toString();
    }

    /** Whether the run answers a rebuild request (its name carries "-r" and the request's hash; keys are hex). */
    public static boolean isRebuild(String runName) {
        return runName.indexOf("-r", "dcb-".length()) > 0;
    }

    /** The pod of a step of the run, in the step's current attempt ({@code -2}, {@code -3}... after the first). */
    public static String pod(DevContainerBuildRun run, PodRole role) {
        int attempt = stepAttempt(run);
        return run.getMetadata().getName() + "-" + role.label() + (attempt > 1 ? "-" + attempt : "");
    }

    /** The attempt of the run's current step: 1 unless the status says otherwise. */
    public static int stepAttempt(DevContainerBuildRun run) {
        return run.getStatus() == null || run.getStatus().getStepAttempt() == null ? 1
                : run.getStatus().getStepAttempt();
    }
}
