package io.dcbuild.operator.runs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cache layers an Envbuilder pod looked up, from the lines kaniko logs for each cached step
 * ({@code Checking for cached layer <cache repo>:<64-hex key>...}): in a probe or verify pod that found the image,
 * the layers the image is made of.
 */
public final class CacheLayerLines {

    /** More than any Dockerfile has steps; a log with more is not read further. */
    static final int LIMIT = 500;
    private static final Pattern LINE = Pattern.compile("Checking for cached layer (\\S+):([0-9a-f]{64})\\.\\.\\.");

    private CacheLayerLines() {
    }

    /** The keys of the layers looked up in {@code cacheRepo}, in log order, each once. */
    public static List<String> find(String log, String cacheRepo) {
        Set<String> keys = new LinkedHashSet<>();
        if (log == null) {
            return List.of();
        }
        Matcher matcher = LINE.matcher(log);
        while (matcher.find() && keys.size() < LIMIT) {
            if (sameRepository(matcher.group(1), cacheRepo)) {
                keys.add(matcher.group(2));
            }
        }
        return new ArrayList<>(keys);
    }

    /** kaniko may name Docker Hub's registry where the spec leaves it out: compare without it. */
    private static boolean sameRepository(String logged, String cacheRepo) {
        return logged.equals(cacheRepo) || logged.endsWith("/" + cacheRepo)
                || cacheRepo.endsWith("/" + logged);
    }
}
