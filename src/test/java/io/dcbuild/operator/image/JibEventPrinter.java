package io.dcbuild.operator.image;

import com.google.cloud.tools.jib.api.LogEvent;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What Jib reports while it builds: its lifecycle messages go to {@code out} at once; its warnings are kept, each text
 * once, for {@link #printWarnings()} after a build that succeeded (after a failure, the one sentence of
 * {@link BuildFailure} says all, and Jib's retry and fallback lines would bury it); its error messages are kept for
 * {@link BuildFailure}, whose sentence they help aim: they tell which image failed.
 */
final class JibEventPrinter implements Consumer<LogEvent> {

    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;]*m");

    private final PrintStream out;
    private final PrintStream err;
    private final Set<String> warnings = new LinkedHashSet<>();
    private final List<String> errors = new ArrayList<>();

    JibEventPrinter(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public synchronized void accept(LogEvent event) {
        String message = ANSI_ESCAPE.matcher(event.getMessage()).replaceAll("").strip();
        if (message.isEmpty()) {
            return;
        }
        switch (event.getLevel()) {
            case ERROR -> errors.add(message);
            case WARN -> warnings.add(message);
            case LIFECYCLE -> out.println("jib: " + message);
            default -> {
                // progress, info and debug: too many for a terminal
            }
        }
    }

    synchronized void printWarnings() {
        warnings.forEach(warning -> err.println("jib: " + warning));
    }

    /** Jib's error messages so far, without colour codes. */
    synchronized List<String> errors() {
        return List.copyOf(errors);
    }
}
