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

    @Test
    void saysWhenThereIsNoLog() {
        assertThat(LogTail.of("", 5, List.of())).isEqualTo("(no log)");
    }
}
