package io.dcbuild.operator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DevcontainerConfigTest {

    @Test
    void malformedJsonNamesFileLineAndColumn() {
        String broken = "{\n  // a comment\n  \"image\": \"ubuntu\",\n  \"features\": { \"a\" 1 }\n}\n";

        assertThatThrownBy(() -> DevcontainerConfig.parse(".devcontainer/devcontainer.json", broken))
                .isInstanceOfSatisfying(DevcontainerContentException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DevcontainerContentException.Kind.MALFORMED);
                    assertThat(e.location()).hasToString(".devcontainer/devcontainer.json:4");
                    assertThat(e.getMessage()).startsWith(".devcontainer/devcontainer.json:4: devcontainer.json "
                            + "is not valid JSON with comments (column ");
                });
    }

    @Test
    void readsBuildSectionWithLines() throws Exception {
        DevcontainerConfig config = DevcontainerConfig.parse("d.json", """
                {
                  "build": {
                    "dockerfile": "Dockerfile",
                    "context": "..",
                    "target": "dev",
                    "args": { "A": "1", "B": "two", },
                  },
                  "features": { "ghcr.io/x/y:1": {}, "./z": {} },
                }
                """);

        assertThat(config.dockerfile()).contains(new DevcontainerConfig.Value("Dockerfile", 3));
        assertThat(config.context()).contains(new DevcontainerConfig.Value("..", 4));
        assertThat(config.target()).contains(new DevcontainerConfig.Value("dev", 5));
        assertThat(config.buildArgs()).containsExactly(
                org.assertj.core.api.Assertions.entry("A", new DevcontainerConfig.Value("1", 6)),
                org.assertj.core.api.Assertions.entry("B", new DevcontainerConfig.Value("two", 6)));
        assertThat(config.features()).extracting(DevcontainerConfig.Value::text).containsExactly("ghcr.io/x/y:1",
                "./z");
        assertThat(config.image()).isEmpty();
    }

    @Test
    void emptyFileAndNonObjectsAreMalformed() {
        assertThatThrownBy(() -> DevcontainerConfig.parse("d.json", ""))
                .hasMessage("d.json: devcontainer.json must hold a JSON object");
        assertThatThrownBy(() -> DevcontainerConfig.parse("d.json", "[1]"))
                .hasMessage("d.json: devcontainer.json must hold a JSON object");
        assertThatThrownBy(() -> DevcontainerConfig.parse("d.json", "{\n \"image\": 3\n}"))
                .hasMessage("d.json:2: image must be a string");
    }

    @Test
    void byteOrderMarkIsAccepted() throws Exception {
        assertThat(DevcontainerConfig.parse("d.json", "\uFEFF{ \"image\": \"alpine\" }").image())
                .contains(new DevcontainerConfig.Value("alpine", 1));
    }
}
