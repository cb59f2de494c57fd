package io.dcbuild.operator.runs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnreachableServerLineTest {

    @Test
    void networkErrorsOfGoAreFoundAndOnlyThePhraseIsKept() {
        assertThat(UnreachableServerLine.find("#1: cloning\nerror: push image: Put \"http://10.0.0.5:5000/v2/x\": "
                + "dial tcp 10.0.0.5:5000: connect: connection refused")).contains("connection refused");
        assertThat(UnreachableServerLine.find("error: get cached image: Get \"https://r.example.com/v2/\": dial tcp: "
                + "lookup r.example.com: no such host")).contains("no such host");
        assertThat(UnreachableServerLine.find("GET https://r.example.com/v2/: unexpected status code 503 Service "
                + "Unavailable")).contains("503 service unavailable");
        assertThat(UnreachableServerLine.find("net/http: TLS handshake timeout")).contains("tls handshake timeout");
        // the real Envbuilder's clone through a proxy that closed the connection (seen in RealEnvbuilderScenarioTest)
        assertThat(UnreachableServerLine.find("Failed to clone repository: clone \"http://127.0.0.1:46481/git/a.git"
                + "#refs/heads/main\": unexpected client error: Post \"http://127.0.0.1:46481/git/a.git/"
                + "git-upload-pack\": EOF\nerror: no devcontainer.json found")).contains("\": eof");
    }

    @Test
    void buildErrorsAreNotOutages() {
        assertThat(UnreachableServerLine.find("error: build: error building image: error building stage: failed to "
                + "execute command: waiting for process to exit: exit status 1")).isEmpty();
        assertThat(UnreachableServerLine.find("error: push image: UNAUTHORIZED: authentication required")).isEmpty();
        assertThat(UnreachableServerLine.find("error: get cached image: cached image not found")).isEmpty();
        assertThat(UnreachableServerLine.find(null)).isEmpty();
    }
}
