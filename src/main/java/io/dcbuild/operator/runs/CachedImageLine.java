package io.dcbuild.operator.runs;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the line {@code ENVBUILDER_CACHED_IMAGE=<repo>@sha256:<hex>} that Envbuilder's cache probe prints. */
public final class CachedImageLine {

    private static final Pattern LINE = Pattern.compile(
            "(?m)^ENVBUILDER_CACHED_IMAGE=(\\S+@sha256:[0-9a-f]{64})\\s*$");

    private CachedImageLine() {
    }

    /** The last such line of the log, if any. */
    public static Optional<String> find(String log) {
        if (log == null) {
            return Optional.empty();
        }
        Matcher matcher = LINE.matcher(log);
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        return Optional.ofNullable(last);
    }
}
