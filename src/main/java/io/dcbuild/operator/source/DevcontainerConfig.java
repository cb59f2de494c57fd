package io.dcbuild.operator.source;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a {@code devcontainer.json} that decide what a build pulls, each with the line it was written on.
 *
 * <p>The file is read as JSONC (JSON with {@code //} and {@code /* *}{@code /} comments and trailing commas), as
 * Envbuilder does. Envbuilder's precedence is kept: the legacy top-level {@code dockerFile} and {@code context}
 * override {@code build.dockerfile} and {@code build.context}; {@code image}, when set, wins over a Dockerfile.
 *
 * @param path              the file, relative to the repository root
 * @param image             {@code image}
 * @param dockerfile        {@code build.dockerfile} or the legacy {@code dockerFile}, relative to the file's folder
 * @param context           {@code build.context} or the legacy {@code context}, relative to the file's folder
 * @param buildArgs         {@code build.args}, in file order
 * @param target            {@code build.target}
 * @param features          the keys of {@code features}, in file order
 * @param dockerComposeFile {@code dockerComposeFile} (a string or the first entry of a list)
 */
public record DevcontainerConfig(String path, Optional<Value> image, Optional<Value> dockerfile,
        Optional<Value> context, Map<String, Value> buildArgs, Optional<Value> target, List<Value> features,
        Optional<Value> dockerComposeFile) {

    /** A string from the file and the line it is on (the line of its key). */
    public record Value(String text, int line) {
    }

    private static final String KEY_SEPARATOR = "\u0000";

    private static final JsonMapper JSONC = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    public DevcontainerConfig {
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        features = List.copyOf(features);
    }

    /**
     * Parses {@code content}, the text of the file at {@code path}.
     *
     * @throws DevcontainerContentException of kind {@code MALFORMED}, naming the line, when the text is not JSONC or
     *                                      a value has the wrong type
     */
    public static DevcontainerConfig parse(String path, String content) throws DevcontainerContentException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        JsonNode root;
        Map<String, Integer> lines;
        try {
            root = JSONC.readTree(bytes);
            lines = keyLines(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : at.getLineNr();
            String column = at == null || at.getColumnNr() < 1 ? "" : " (column " + at.getColumnNr() + ")";
            throw new DevcontainerContentException(DevcontainerContentException.Kind.MALFORMED,
                    new SourceLocation(path, Math.max(line, 0)),
                    "devcontainer.json is not valid JSON with comments" + column + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DevcontainerContentException(DevcontainerContentException.Kind.MALFORMED,
                    SourceLocation.file(path), "devcontainer.json cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new DevcontainerContentException(DevcontainerContentException.Kind.MALFORMED,
                    SourceLocation.file(path), "devcontainer.json must hold a JSON object");
        }
        return new Reader(path, lines).read(root);
    }

    /** Reads the fields out of the tree, checking their types. */
    private record Reader(String path, Map<String, Integer> lines) {

        DevcontainerConfig read(JsonNode root) throws DevcontainerContentException {
            JsonNode build = root.path("build");
            if (!build.isMissingNode() && !build.isNull() && !build.isObject()) {
                throw wrongType("", "build", "an object");
            }
            Optional<Value> dockerfile = string(root, "", "dockerFile");
            if (dockerfile.isEmpty()) {
                dockerfile = string(build, "build", "dockerfile");
            }
            Optional<Value> context = string(root, "", "context");
            if (context.isEmpty()) {
                context = string(build, "build", "context");
            }
            return new DevcontainerConfig(path, string(root, "", "image"), dockerfile, context, buildArgs(build),
                    string(build, "build", "target"), features(root), composeFile(root));
        }

        private Map<String, Value> buildArgs(JsonNode build) throws DevcontainerContentException {
            Map<String, Value> args = new LinkedHashMap<>();
            JsonNode node = build.path("args");
            if (node.isMissingNode() || node.isNull()) {
                return args;
            }
            if (!node.isObject()) {
                throw wrongType("build", "args", "an object of strings");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> arg = it.next();
                if (!arg.getValue().isTextual()) {
                    throw wrongType("build.args", arg.getKey(), "a string (Envbuilder reads build args as "
                            + "strings only)");
                }
                args.put(arg.getKey(), new Value(arg.getValue().asText(), line("build.args", arg.getKey())));
            }
            return args;
        }

        private List<Value> features(JsonNode root) throws DevcontainerContentException {
            List<Value> features = new ArrayList<>();
            JsonNode node = root.path("features");
            if (node.isMissingNode() || node.isNull()) {
                return features;
            }
            if (!node.isObject()) {
                throw wrongType("", "features", "an object whose keys are Feature references");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                String key = it.next();
                features.add(new Value(key, line("features", key)));
            }
            return features;
        }

        private Optional<Value> composeFile(JsonNode root) {
            JsonNode node = root.path("dockerComposeFile");
            if (node.isArray() && !node.isEmpty()) {
                node = node.get(0);
            }
            if (node.isMissingNode() || node.isNull()) {
                return Optional.empty();
            }
            return Optional.of(new Value(node.asText(), line("", "dockerComposeFile")));
        }

        private Optional<Value> string(JsonNode parent, String parentName, String field)
                throws DevcontainerContentException {
            JsonNode node = parent.path(field);
            if (node.isMissingNode() || node.isNull()) {
                return Optional.empty();
            }
            if (!node.isTextual()) {
                throw wrongType(parentName, field, "a string");
            }
            if (node.asText().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new Value(node.asText(), line(parentName, field)));
        }

        private int line(String parentName, String field) {
            return lines.getOrDefault(parentName + KEY_SEPARATOR + field, 0);
        }

        private DevcontainerContentException wrongType(String parentName, String field, String expected) {
            String name = parentName.isEmpty() ? field : parentName + "." + field;
            return new DevcontainerContentException(DevcontainerContentException.Kind.MALFORMED,
                    new SourceLocation(path, line(parentName, field)), name + " must be " + expected);
        }
    }

    /**
     * The line of every key in the top object and the two levels below it, keyed by {@code parent + NUL + key}
     * where {@code parent} is the dotted path of the enclosing object ({@code ""} for the top object).
     */
    private static Map<String, Integer> keyLines(byte[] bytes) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        List<String> enclosing = new ArrayList<>(); // names of the containers around the current token, top excluded
        int depth = 0;
        String pendingKey = null;
        try (JsonParser parser = JSONC.createParser(bytes)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case FIELD_NAME -> {
                        pendingKey = parser.currentName();
                        if (enclosing.size() <= 2) {
                            lines.putIfAbsent(String.join(".", enclosing) + KEY_SEPARATOR + pendingKey,
                                    parser.currentTokenLocation().getLineNr());
                        }
                    }
                    case START_OBJECT, START_ARRAY -> {
                        if (depth > 0) {
                            enclosing.add(pendingKey == null ? "[]" : pendingKey);
                        }
                        depth++;
                        pendingKey = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        depth--;
                        if (depth > 0) {
                            enclosing.remove(enclosing.size() - 1);
                        }
                        pendingKey = null;
                    }
                    default -> pendingKey = null;
                }
            }
        }
        return lines;
    }
}
