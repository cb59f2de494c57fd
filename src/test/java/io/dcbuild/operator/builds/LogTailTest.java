package io.dcbuild.operator.builds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogTailTest {

    @Test
    void keepsTheLastLinesAndRedactsSecrets() {
        String log = "line1\nline2\nauth with s3cret-token now\nerror: build failed\n";
        String tail = LogTail.of(log, 2, List.of("s3cret-token"));
        assertThat(tail).isEqualTo("auth with *** now\nerror: build failed");
    }

    @Test
    void redactsTheLongestSecretFirst() {
        assertThat(io.dcbuild.operator.status.SecretRedaction.redact("user:pass123", List.of("pass123", "user:pass123"))).isEqualTo("***");
    }

    /** As the real Envbuilder v1.3.0 ends a build whose RUN step failed (EnvbuilderContractTest runs it). */
    @Test
    void endsWithEnvbuildersErrorLineNotItsRepetitionWithAStackTraceOrColours() {
        String log = """
                #1: \u001B[36mhttp://git.example/app.git\u001B[0m cloned
                #3: Running: [/bin/sh -c make]
                error: do build: error building stage: failed to execute command: waiting for process to exit: exit status 3
                error: running command "envbuilder": do build:
                    github.com/coder/envbuilder.run.func9
                        github.com/coder/envbuilder@v1.3.0/envbuilder.go:585
                  - exit status 3
                    runtime.goexit
                """;
        assertThat(LogTail.of(log, 2, List.of())).isEqualTo("#3: Running: [/bin/sh -c make]\nerror: do build: error "
                + "building stage: failed to execute command: waiting for process to exit: exit status 3");
        assertThat(LogTail.of(log, 5, List.of())).startsWith("#1: http://git.example/app.git cloned\n");
    }

    @Test
    void saysWhenThereIsNoLog() {
        assertThat(LogTail.of("", 5, List.of())).isEqualTo("(no log)");
    }
}
