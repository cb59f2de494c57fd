package io.dcbuild.operator.builds;

import io.dcbuild.operator.status.SecretRedaction;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

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
        String redacted = SecretRedaction.redact(tail, secrets);
        return redacted.length() <= MAX_CHARS ? redacted : "..." + redacted.substring(redacted.length() - MAX_CHARS);
    }
}
