package io.dcbuild.operator.source;

import io.dcbuild.operator.source.ImageRequirement.Kind;
import io.dcbuild.operator.source.ParsedDockerfile.Instruction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds every image a Dockerfile build pulls: the {@code FROM} of every stage, {@code COPY --from=<image>} and
 * {@code RUN --mount=...,from=<image>}.
 *
 * <p>Build arguments are substituted as BuildKit does: {@code FROM} sees only the {@code ARG}s declared before the
 * first {@code FROM} (with their defaults, overridden by the build args of devcontainer.json); a stage sees the
 * {@code ARG}s it declares itself. The platform arguments ({@code TARGETARCH} and friends) are unknown. Stage
 * references ({@code FROM builder}, {@code --from=0}) and {@code scratch} pull nothing. The {@code FROM} the dev
 * container grows from (the target stage, or the last one, followed through stage references) is the
 * {@link Kind#BASE_IMAGE}; other stages' images are {@link Kind#STAGE_IMAGE}s.
 */
final class DockerfileReferences {

    /**
     * More stages than this make the Dockerfile malformed: real definitions have a handful, and stage references are
     * resolved by walking the earlier stages.
     */
    static final int MAX_STAGES = 128;

    private static final Set<String> PLATFORM_ARGUMENTS = Set.of("TARGETPLATFORM", "TARGETOS", "TARGETARCH",
            "TARGETVARIANT", "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT");

    private final String path;
    private final ParsedDockerfile dockerfile;
    private final DockerfileWordExpander expander;
    private final Map<String, ArgumentValue> buildArgs;
    private final List<ImageRequirement> requirements = new ArrayList<>();
    private final List<PreflightNote> notes = new ArrayList<>();
    private final List<Stage> stages = new ArrayList<>();
    private final Set<String> allStageNames = new HashSet<>();

    /** One {@code FROM}: its name, and what it starts from (another stage, scratch, or a requirement). */
    private record Stage(String name, int line, int baseStage, int requirementIndex) {
    }

    private DockerfileReferences(String path, String content, Map<String, ArgumentValue> buildArgs) {
        this.path = path;
        this.dockerfile = ParsedDockerfile.parse(content);
        this.expander = new DockerfileWordExpander(dockerfile.escape());
        this.buildArgs = buildArgs;
    }

    /**
     * The references of the Dockerfile at {@code path} with {@code content}.
     *
     * @param buildArgs build arguments given to the build (devcontainer.json {@code build.args})
     * @param target    the stage to build ({@code build.target}); the last stage when empty
     * @throws DevcontainerContentException of kind {@code MALFORMED} when there is no {@code FROM} or one is not of
     *                                      the form {@code FROM [--flag=value...] image [AS name]}
     */
    static ReferenceFindings find(String path, String content, Map<String, ArgumentValue> buildArgs,
            Optional<DevcontainerConfig.Value> target) throws DevcontainerContentException {
        DockerfileReferences references = new DockerfileReferences(path, content, buildArgs);
        references.read(target);
        return new ReferenceFindings(references.requirements, references.notes);
    }

    private void read(Optional<DevcontainerConfig.Value> target) throws DevcontainerContentException {
        dockerfile.syntax().ifPresent(syntax -> notes.add(new PreflightNote(location(syntax.line()),
                "the parser directive 'syntax=" + syntax.value() + "' is ignored: Envbuilder builds with Kaniko, "
                        + "which does not pull Dockerfile frontends")));
        for (Instruction instruction : dockerfile.instructions()) {
            if (instruction.keyword().equals("FROM")) {
                parseFrom(instruction).name().ifPresent(allStageNames::add);
            }
        }
        Map<String, ArgumentValue> global = new HashMap<>();
        PLATFORM_ARGUMENTS.forEach(name -> global.put(name, ArgumentValue.unknown("the argument " + name
                + " is set by the builder from the build and target platforms, which the preflight cannot know")));
        Map<String, ArgumentValue> stageScope = global;
        for (Instruction instruction : dockerfile.instructions()) {
            switch (instruction.keyword()) {
                case "ARG" -> declare(instruction, stageScope, global);
                case "FROM" -> {
                    from(instruction, global);
                    stageScope = new HashMap<>();
                }
                case "COPY" -> copy(instruction, stageScope);
                case "RUN" -> mounts(instruction, stageScope);
                default -> {
                    // other instructions pull nothing
                }
            }
        }
        if (stages.isEmpty()) {
            throw new DevcontainerContentException(DevcontainerContentException.Kind.MALFORMED,
                    SourceLocation.file(path), "the Dockerfile has no FROM instruction");
        }
        markBaseImage(target);
    }

    /** {@code ARG NAME[=default] ...}: before the first FROM into the global scope, else into the stage's. */
    private void declare(Instruction instruction, Map<String, ArgumentValue> scope,
            Map<String, ArgumentValue> global) {
        boolean isGlobal = scope == global;
        for (String declaration : DockerfileWords.split(instruction.arguments(), dockerfile.escape())) {
            int equals = declaration.indexOf('=');
            String name = equals < 0 ? declaration : declaration.substring(0, equals);
            ArgumentValue value = buildArgs.get(name);
            if (value == null && equals >= 0) {
                ExpandedWord expanded = expander.expand(declaration.substring(equals + 1), scope);
                value = expanded.isResolved() ? ArgumentValue.known(expanded.text())
                        : ArgumentValue.unknown(expanded.problem().orElseThrow());
            }
            if (value == null && !isGlobal) {
                value = global.get(name); // a stage re-declaring a global ARG gets its value
            }
            if (value == null) {
                scope.remove(name);
            } else {
                scope.put(name, value);
            }
        }
    }

    private void from(Instruction instruction, Map<String, ArgumentValue> global)
            throws DevcontainerContentException {
        FromLine line = parseFrom(instruction);
        if (line.image() == null) {
            throw new DevcontainerContentException(DevcontainerContentException.Kind.MALFORMED,
                    location(instruction.line()), "FROM must name an image, optionally followed by 'AS name' "
                            + "(found 'FROM " + instruction.arguments() + "')");
        }
        ExpandedWord image = expander.expand(line.image(), global);
        String name = line.name().orElse(null);
        if (!image.isResolved()) {
            addStage(name, instruction.line(), -1,
                    ImageRequirement.unresolved(Kind.STAGE_IMAGE, line.image(), location(instruction.line()),
                            image.problem().orElseThrow()));
            return;
        }
        String text = image.text();
        if (text.equalsIgnoreCase("scratch")) {
            addStage(name, instruction.line(), -1, null);
            return;
        }
        int earlier = earlierStage(text);
        if (earlier >= 0) {
            addStage(name, instruction.line(), earlier, null);
            return;
        }
        addStage(name, instruction.line(), -1,
                ImageRequirement.pulled(Kind.STAGE_IMAGE, text, location(instruction.line())));
    }

    private void addStage(String name, int line, int baseStage, ImageRequirement requirement)
            throws DevcontainerContentException {
        if (stages.size() == MAX_STAGES) {
            throw new DevcontainerContentException(DevcontainerContentException.Kind.MALFORMED, location(line),
                    "the Dockerfile has more than " + MAX_STAGES + " stages (FROM instructions)");
        }
        int index = -1;
        if (requirement != null) {
            index = requirements.size();
            requirements.add(requirement);
        }
        stages.add(new Stage(name, line, baseStage, index));
    }

    private int earlierStage(String reference) {
        String lower = reference.toLowerCase(Locale.ROOT);
        for (int i = stages.size() - 1; i >= 0; i--) {
            if (lower.equals(stages.get(i).name())) {
                return i;
            }
        }
        return -1;
    }

    /** {@code COPY --from=<value>}: an image unless it names a stage (by name or index). */
    private void copy(Instruction instruction, Map<String, ArgumentValue> scope) {
        for (String flag : leadingFlags(instruction.arguments())) {
            if (flag.startsWith("--from=")) {
                fromValue(flag.substring("--from=".length()), Kind.COPY_FROM_IMAGE, instruction, scope);
            }
        }
    }

    /** {@code RUN --mount=type=...,from=<value>}: an image unless it names a stage. */
    private void mounts(Instruction instruction, Map<String, ArgumentValue> scope) {
        for (String flag : leadingFlags(instruction.arguments())) {
            if (!flag.startsWith("--mount=")) {
                continue;
            }
            for (String option : flag.substring("--mount=".length()).split(",")) {
                String stripped = option.strip();
                if (stripped.startsWith("from=")) {
                    fromValue(stripped.substring("from=".length()), Kind.MOUNT_FROM_IMAGE, instruction, scope);
                }
            }
        }
    }

    private void fromValue(String raw, Kind kind, Instruction instruction, Map<String, ArgumentValue> scope) {
        ExpandedWord value = expander.expand(raw, scope);
        SourceLocation location = location(instruction.line());
        if (!value.isResolved()) {
            requirements.add(ImageRequirement.unresolved(kind, raw, location, value.problem().orElseThrow()));
            return;
        }
        String text = value.text();
        boolean stageIndex = !text.isEmpty() && text.chars().allMatch(Character::isDigit);
        if (stageIndex || allStageNames.contains(text.toLowerCase(Locale.ROOT)) || text.equalsIgnoreCase("scratch")) {
            return;
        }
        requirements.add(ImageRequirement.pulled(kind, text, location));
    }

    /** The stage that becomes the dev container, followed through stage references to its image. */
    private void markBaseImage(Optional<DevcontainerConfig.Value> target) {
        int finalStage = stages.size() - 1;
        if (target.isPresent()) {
            String wanted = target.get().text().toLowerCase(Locale.ROOT);
            int found = -1;
            for (int i = 0; i < stages.size(); i++) {
                if (wanted.equals(stages.get(i).name())) {
                    found = i;
                }
            }
            if (found < 0) {
                notes.add(new PreflightNote(location(stages.get(finalStage).line()), "build.target '"
                        + target.get().text() + "' names no stage of " + path + "; the last stage is taken as the "
                        + "dev container (the build itself will fail)"));
            } else {
                finalStage = found;
            }
        }
        Stage stage = stages.get(finalStage);
        Set<Integer> seen = new HashSet<>();
        while (stage.baseStage() >= 0 && seen.add(stage.baseStage())) {
            stage = stages.get(stage.baseStage());
        }
        if (stage.requirementIndex() >= 0) {
            int index = stage.requirementIndex();
            requirements.set(index, requirements.get(index).withKind(Kind.BASE_IMAGE));
        }
    }

    private FromLine parseFrom(Instruction instruction) {
        List<String> words = DockerfileWords.split(instruction.arguments(), dockerfile.escape());
        int at = 0;
        while (at < words.size() && words.get(at).startsWith("--")) {
            at++;
        }
        List<String> rest = words.subList(at, words.size());
        if (rest.size() == 1) {
            return new FromLine(rest.get(0), Optional.empty());
        }
        if (rest.size() == 3 && rest.get(1).equalsIgnoreCase("AS")) {
            return new FromLine(rest.get(0), Optional.of(rest.get(2).toLowerCase(Locale.ROOT)));
        }
        return new FromLine(null, Optional.empty());
    }

    /** The image word (null when the line is malformed) and the lower-cased stage name of a FROM. */
    private record FromLine(String image, Optional<String> name) {
    }

    private List<String> leadingFlags(String arguments) {
        List<String> flags = new ArrayList<>();
        for (String word : DockerfileWords.split(arguments, dockerfile.escape())) {
            if (!word.startsWith("--")) {
                break;
            }
            flags.add(word);
        }
        return flags;
    }

    private SourceLocation location(int line) {
        return new SourceLocation(path, line);
    }
}
