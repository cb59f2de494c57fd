package io.dcbuild.operator.source;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code expected.txt} of a corpus case. One statement a line ({@code #} starts a comment):
 * <pre>
 * option devcontainerDir=DIR | option dockerfilePath=PATH
 * KIND REFERENCE CANONICAL|unresolved|invalid|- PATH:LINE   every requirement, in report order
 * note TEXT                 some note contains TEXT
 * unsupported TEXT          the report is unsupported, with exactly this reason
 * error KIND PATH[:LINE] TEXT  reading fails with this kind, at this location, with a message containing TEXT
 * dockerfile PATH|-         the Dockerfile read (- for none)
 * context PATH              the build context (. for the root)
 * </pre>
 */
record CorpusExpectation(String devcontainerDir, String dockerfilePath, List<String> requirements,
        List<String> notes, String unsupported, String error, String dockerfile, String context) {

    static CorpusExpectation parse(String text) {
        String devcontainerDir = null;
        String dockerfilePath = null;
        String unsupported = null;
        String error = null;
        String dockerfile = null;
        String context = null;
        List<String> requirements = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] split = line.split(" ", 2);
            String rest = split.length > 1 ? split[1] : "";
            switch (split[0]) {
                case "option" -> {
                    if (rest.startsWith("devcontainerDir=")) {
                        devcontainerDir = rest.substring("devcontainerDir=".length());
                    } else if (rest.startsWith("dockerfilePath=")) {
                        dockerfilePath = rest.substring("dockerfilePath=".length());
                    } else {
                        throw new IllegalArgumentException("unknown option: " + line);
                    }
                }
                case "note" -> notes.add(rest);
                case "unsupported" -> unsupported = rest;
                case "error" -> error = rest;
                case "dockerfile" -> dockerfile = rest;
                case "context" -> context = rest;
                default -> requirements.add(line);
            }
        }
        return new CorpusExpectation(devcontainerDir, dockerfilePath, requirements, notes, unsupported, error,
                dockerfile, context);
    }

    /** A requirement in the form the expectations are written in. */
    static String render(ImageRequirement requirement) {
        String resolved = switch (requirement.resolution()) {
            case UNRESOLVED -> "unresolved";
            case INVALID -> "invalid";
            case RESOLVED -> requirement.image().map(Object::toString).orElse("-");
        };
        return requirement.kind() + " " + requirement.reference() + " " + resolved + " " + requirement.source();
    }
}
