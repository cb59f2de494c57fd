package io.dcbuild.operator.builds;

import io.dcbuild.operator.status.SecretRedaction;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The last lines of a pod log, with secret values replaced, fit for a condition message. Envbuilder (v1.3.0) ends a
 * failed run with its error line, then repeats it as {@code error: running command "envbuilder": ...} followed by a
 * Go stack trace of some 70 lines, and colours parts of its lines with ANSI escapes: the repetition and the escapes
 * are left out, so that the tail ends with the error a person can act on.
 */
public final class LogTail {

    private static final int MAX_CHARS = 4000;
    private static final String ERROR_REPEATED = "error: running command \"envbuilder\":";
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    private LogTail() {
    }

    public static String of(String log, int lines, Collection<String> secrets) {
        if (log == null || log.isBlank()) {
            return "(no log)";
        }
        List<String> all = Arrays.asList(ANSI_ESCAPE.matcher(log).replaceAll("").strip().split("\\R"));
        for (int i = all.size() - 1; i > 0; i--) {
            if (all.get(i).startsWith(ERROR_REPEATED) && all.get(i - 1).startsWith("error: ")) {
                all = all.subList(0, i);
                break;
            }
        }
        String tail = String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        String redacted = SecretRedaction.redact(tail, secrets);
        return redacted.length() <= MAX_CHARS ? redacted : "..." + redacted.substring(redacted.length() - MAX_CHARS);
    }
}
