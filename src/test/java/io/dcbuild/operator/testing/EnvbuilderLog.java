package io.dcbuild.operator.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The output of one simulated Envbuilder container, line by line. Every added line hands the whole log so far to
 * a listener, which publishes it (like a kubelet that serves the log of a running container).
 */
public final class EnvbuilderLog {

    private final List<String> lines = new ArrayList<>();
    private final Consumer<String> onChange;

    public EnvbuilderLog(Consumer<String> onChange) {
        this.onChange = onChange;
    }

    public void line(String line) {
        String text;
        synchronized (lines) {
            lines.add(line);
            text = joined();
        }
        onChange.accept(text);
    }

    /** An Envbuilder stage line: {@code #<stage>: <message>}. */
    public void stage(int stage, String message) {
        line("#" + stage + ": " + message);
    }

    /** A kaniko-style line as Envbuilder forwards it: {@code INFO[0000] <message>}. */
    public void kaniko(String message) {
        line("INFO[0000] " + message);
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public String text() {
        synchronized (lines) {
            return joined();
        }
    }

    private String joined() {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }
}
