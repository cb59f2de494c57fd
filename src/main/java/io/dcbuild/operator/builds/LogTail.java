package io.dcbuild.operator.builds;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** The last lines of a pod log, with secret values replaced, fit for a condition message. */
public final class LogTail {

    private static final int MAX_CHARS = 4000;

    private LogTail() {
    }

    public static String of(String log, int lines, Collection<String> secrets) {
        if (log == null || log.isBlank()) {
            return "(no log)";
        }
        List<String> all = Arrays.asList(log.strip().split("\\R"));
        String tail = String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        String redacted = redact(tail, secrets);
        return redacted.length() <= MAX_CHARS ? redacted : "..." + redacted.substring(redacted.length() - MAX_CHARS);
    }

    /** Replaces every secret value (longest first, so that a value inside another does not leak parts). */
    public static String redact(String text, Collection<String> secrets) {
        String result = text;
        for (String secret : secrets.stream().filter(s -> s != null && s.length() >= 3)
                .sorted(Comparator.comparingInt(String::length).reversed())
                .collect(Collectors.toList())) {
            result = result.replace(secret, "***");
        }
        return result;
    }
}
