package io.dcbuild.operator.testing;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the Dockerfile of a cloned repository as Envbuilder does: {@code ENVBUILDER_DOCKERFILE_PATH} (relative to
 * the repository root, which is then the build context) wins; otherwise {@code <devcontainerDir>/devcontainer.json}
 * is read as JSONC and gives {@code build.dockerfile} (or the legacy top-level {@code dockerFile}) relative to the
 * devcontainer directory, with {@code build.context} (default {@code .}) as context, or just {@code image}, which
 * becomes the Dockerfile {@code FROM <image>}. Dev Container Features and build args are not applied.
 */
final class DevcontainerDockerfileLocator {

    private static final JsonMapper JSONC = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private DevcontainerDockerfileLocator() {
    }

    static DockerfileSource locate(Path repoRoot, EnvbuilderOptions options, String workspace)
            throws EnvbuilderFailure {
        if (options.dockerfilePath().isPresent()) {
            String relative = options.dockerfilePath().get();
            Path dockerfile = repoRoot.resolve(relative).normalize();
            return new DockerfileSource(read(dockerfile, workspace + "/" + relative), repoRoot,
                    "Dockerfile " + relative);
        }
        Path devcontainerDir = repoRoot.resolve(options.devcontainerDir()).normalize();
        Path devcontainerJson = devcontainerDir.resolve("devcontainer.json");
        if (!Files.isRegularFile(devcontainerJson)) {
            throw new EnvbuilderFailure("error: no devcontainer.json found at " + workspace + "/"
                    + options.devcontainerDir() + "/devcontainer.json and no fallback image has been specified");
        }
        JsonNode config;
        try {
            config = JSONC.readTree(Files.readString(devcontainerJson, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EnvbuilderFailure("error: parse devcontainer.json: " + firstLine(e.getMessage()), e);
        }
        JsonNode build = config.path("build");
        String dockerfile = text(build.path("dockerfile"));
        if (dockerfile == null) {
            dockerfile = text(config.path("dockerFile"));
        }
        if (dockerfile != null) {
            String context = text(build.path("context"));
            if (context == null) {
                context = text(config.path("context"));
            }
            Path contextDir = devcontainerDir.resolve(context == null ? "." : context).normalize();
            Path dockerfilePath = devcontainerDir.resolve(dockerfile).normalize();
            String shown = workspace + "/" + repoRoot.relativize(dockerfilePath).toString().replace('\\', '/');
            return new DockerfileSource(read(dockerfilePath, shown), contextDir,
                    options.devcontainerDir() + "/devcontainer.json build.dockerfile " + dockerfile);
        }
        String image = text(config.path("image"));
        if (image != null) {
            return new DockerfileSource("FROM " + image + "\n", devcontainerDir,
                    options.devcontainerDir() + "/devcontainer.json image " + image);
        }
        throw new EnvbuilderFailure("error: compile devcontainer.json: no image or dockerfile specified in "
                + options.devcontainerDir() + "/devcontainer.json");
    }

    private static String read(Path dockerfile, String shownPath) throws EnvbuilderFailure {
        if (!Files.isRegularFile(dockerfile)) {
            throw new EnvbuilderFailure("error: read dockerfile: open " + shownPath + ": no such file or directory");
        }
        try {
            return Files.readString(dockerfile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EnvbuilderFailure("error: read dockerfile: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
