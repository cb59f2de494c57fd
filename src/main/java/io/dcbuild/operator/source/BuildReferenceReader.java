package io.dcbuild.operator.source;

import io.dcbuild.operator.source.DevcontainerContentException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads, from the files of one commit, every reference a build would pull: it finds devcontainer.json as
 * Envbuilder does, follows it to the Dockerfile, and collects the Dockerfile's images and the Features.
 *
 * <p>Where devcontainer.json is looked for: {@code <devcontainerDir>/devcontainer.json} when a folder is given;
 * otherwise {@code .devcontainer/devcontainer.json}, {@code .devcontainer.json} (the spec's root location),
 * {@code devcontainer.json}, then the first {@code .devcontainer/<folder>/devcontainer.json} by name. A Dockerfile
 * path, when given, replaces devcontainer.json altogether (Envbuilder's {@code ENVBUILDER_DOCKERFILE_PATH}).
 */
public final class BuildReferenceReader {

    static final String DEFAULT_FOLDER = ".devcontainer";
    static final String FILE_NAME = "devcontainer.json";
    static final String ROOT_FILE_NAME = ".devcontainer.json";

    /**
     * @param devcontainerDir folder of devcontainer.json relative to the root, or null/blank for the default search
     * @param dockerfilePath  a Dockerfile relative to the root to build instead of devcontainer.json, or null/blank
     */
    public PreflightReport read(RepositoryFiles files, String commit, String devcontainerDir, String dockerfilePath)
            throws DevcontainerContentException {
        if (dockerfilePath != null && !dockerfilePath.isBlank()) {
            return readDockerfileOnly(files, commit, dockerfilePath);
        }
        List<PreflightNote> notes = new ArrayList<>();
        LocatedFile located = locate(files, devcontainerDir, notes);
        String configPath = located.path();
        DevcontainerConfig config = DevcontainerConfig.parse(configPath, located.content());
        String folder = RepositoryPath.parent(configPath);
        if (config.dockerComposeFile().isPresent()) {
            // not buildable, but what it would pull is still worth listing
            ReferenceFindings features = FeatureReferences.find(config, folder);
            notes.addAll(features.notes());
            return new PreflightReport(commit, Optional.of(configPath), Optional.empty(), Optional.empty(),
                    features.requirements(), notes, Optional.of("compose-based devcontainers are not supported by "
                            + "Envbuilder (dockerComposeFile at " + new SourceLocation(configPath,
                                    config.dockerComposeFile().get().line()) + ")"));
        }
        List<ImageRequirement> requirements = new ArrayList<>();
        Optional<String> dockerfile = Optional.empty();
        Optional<String> context = Optional.empty();
        if (config.image().isPresent()) {
            requirements.add(devcontainerImage(config));
            config.dockerfile().ifPresent(ignored -> notes.add(new PreflightNote(
                    new SourceLocation(configPath, ignored.line()), "both image and a Dockerfile are set: "
                            + "Envbuilder uses image and does not read the Dockerfile")));
        } else if (config.dockerfile().isPresent()) {
            DevcontainerConfig.Value named = config.dockerfile().get();
            SourceLocation namedAt = new SourceLocation(configPath, named.line());
            String path = RepositoryPath.resolve(folder, named.text()).orElseThrow(() -> missing(namedAt,
                    "the Dockerfile " + named.text() + " lies outside the repository"));
            String content = files.read(path).orElseThrow(() -> missing(namedAt, "the Dockerfile " + path
                    + " named here is not in the commit"));
            ReferenceFindings found = DockerfileReferences.find(path, content,
                    DevcontainerBuildArgs.of(config.buildArgs()), config.target());
            requirements.addAll(found.requirements());
            notes.addAll(found.notes());
            dockerfile = Optional.of(path);
            context = buildContext(config, folder);
        } else {
            throw new DevcontainerContentException(Kind.MALFORMED, SourceLocation.file(configPath),
                    "devcontainer.json names neither image, build.dockerfile nor dockerComposeFile: Envbuilder "
                            + "would fall back to a default image, which the operator does not set");
        }
        ReferenceFindings features = FeatureReferences.find(config, folder);
        requirements.addAll(features.requirements());
        notes.addAll(features.notes());
        return new PreflightReport(commit, Optional.of(configPath), dockerfile, context, requirements, notes,
                Optional.empty());
    }

    private PreflightReport readDockerfileOnly(RepositoryFiles files, String commit, String dockerfilePath)
            throws DevcontainerContentException {
        SourceLocation given = SourceLocation.file(dockerfilePath);
        String path = RepositoryPath.resolve("", dockerfilePath)
                .orElseThrow(() -> missing(given, "the Dockerfile path lies outside the repository"));
        String content = files.read(path).orElseThrow(() -> missing(SourceLocation.file(path),
                "the Dockerfile named by the build is not in the commit"));
        ReferenceFindings found = DockerfileReferences.find(path, content, Map.of(), Optional.empty());
        return new PreflightReport(commit, Optional.empty(), Optional.of(path), Optional.of(""),
                found.requirements(), found.notes(), Optional.empty());
    }

    /** A file found and its text. */
    private record LocatedFile(String path, String content) {
    }

    private static LocatedFile locate(RepositoryFiles files, String devcontainerDir, List<PreflightNote> notes)
            throws DevcontainerContentException {
        if (devcontainerDir != null && !devcontainerDir.isBlank()) {
            String folder = RepositoryPath.resolve("", devcontainerDir).orElseThrow(() -> missing(
                    SourceLocation.file(devcontainerDir), "the devcontainer folder lies outside the repository"));
            String path = folder.isEmpty() ? FILE_NAME : folder + "/" + FILE_NAME;
            files.willReadFolder(folder);
            Optional<String> content = files.read(path);
            if (content.isEmpty()) {
                throw missing(SourceLocation.file(path), "there is no devcontainer.json in the folder "
                        + RepositoryPath.display(folder) + " named by the build");
            }
            return new LocatedFile(path, content.get());
        }
        files.willReadFolder(DEFAULT_FOLDER);
        for (String candidate : List.of(DEFAULT_FOLDER + "/" + FILE_NAME, ROOT_FILE_NAME, FILE_NAME)) {
            Optional<String> content = files.read(candidate);
            if (content.isPresent()) {
                if (candidate.equals(ROOT_FILE_NAME)) {
                    notes.add(new PreflightNote(SourceLocation.file(candidate), "found at the spec's root "
                            + "location; Envbuilder may not look there (it reads .devcontainer/devcontainer.json, "
                            + "devcontainer.json and .devcontainer/<folder>/devcontainer.json)"));
                }
                return new LocatedFile(candidate, content.get());
            }
        }
        for (String folder : files.directories(DEFAULT_FOLDER)) {
            String candidate = DEFAULT_FOLDER + "/" + folder + "/" + FILE_NAME;
            Optional<String> content = files.read(candidate);
            if (content.isPresent()) {
                return new LocatedFile(candidate, content.get());
            }
        }
        throw missing(SourceLocation.file(DEFAULT_FOLDER + "/" + FILE_NAME), "no devcontainer.json in the commit "
                + "(looked for .devcontainer/devcontainer.json, .devcontainer.json, devcontainer.json and "
                + ".devcontainer/<folder>/devcontainer.json)");
    }

    private static ImageRequirement devcontainerImage(DevcontainerConfig config) {
        DevcontainerConfig.Value image = config.image().orElseThrow();
        SourceLocation location = new SourceLocation(config.path(), image.line());
        if (image.text().contains("${")) {
            return ImageRequirement.unresolved(ImageRequirement.Kind.DEVCONTAINER_IMAGE, image.text(), location,
                    "the image uses a dev container variable, which is only known inside the builder pod");
        }
        return ImageRequirement.pulled(ImageRequirement.Kind.DEVCONTAINER_IMAGE, image.text(), location);
    }

    private static Optional<String> buildContext(DevcontainerConfig config, String folder)
            throws DevcontainerContentException {
        String written = config.context().map(DevcontainerConfig.Value::text).orElse(".");
        Optional<String> context = RepositoryPath.resolve(folder, written);
        if (context.isEmpty()) {
            // Envbuilder would send files of the pod outside the cloned repository as the build context
            throw new DevcontainerContentException(Kind.MALFORMED, new SourceLocation(config.path(),
                    config.context().map(DevcontainerConfig.Value::line).orElse(0)),
                    "build.context '" + written + "' lies outside the repository");
        }
        return context;
    }

    private static DevcontainerContentException missing(SourceLocation location, String message) {
        return new DevcontainerContentException(Kind.MISSING, location, message);
    }
}
