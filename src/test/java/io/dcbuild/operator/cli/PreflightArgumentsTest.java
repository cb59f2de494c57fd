package io.dcbuild.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PreflightArgumentsTest {

    @Test
    void readsEveryOption() throws Exception {
        PreflightArguments arguments = PreflightArguments.parse(List.of("--build", "b.yaml", "--policy", "p1.yaml",
                "--policy", "p2.yaml", "--namespace-labels", "team=a, tier=", "--git-username", "ci",
                "--git-password-file", "token", "--ca-file", "ca.pem", "--plain-http-host", "127.0.0.1"));

        assertThat(arguments.build()).isEqualTo(Path.of("b.yaml"));
        assertThat(arguments.policies()).containsExactly(Path.of("p1.yaml"), Path.of("p2.yaml"));
        assertThat(arguments.namespaceLabels()).isEqualTo(Map.of("team", "a", "tier", ""));
        assertThat(arguments.gitUsername()).contains("ci");
        assertThat(arguments.gitPasswordFile()).contains(Path.of("token"));
        assertThat(arguments.caFile()).contains(Path.of("ca.pem"));
        assertThat(arguments.plainHttpHosts()).containsExactly("127.0.0.1");
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(List.of(), "--build is required"),
                Arguments.of(List.of("--build", "b.yaml"), "at least one --policy is required"),
                Arguments.of(List.of("--build"), "--build needs a value"),
                Arguments.of(List.of("--build", "--policy", "p.yaml"), "--build needs a value, not '--policy'"),
                Arguments.of(List.of("--bulid", "b.yaml"), "unknown argument '--bulid'"),
                Arguments.of(List.of("--build", "a", "--build", "b", "--policy", "p"), "--build may be given only once"),
                Arguments.of(List.of("--build", "b", "--policy", "p", "--namespace-labels", "team"),
                        "--namespace-labels expects k=v,k2=v2, not 'team'"),
                Arguments.of(List.of("--build", "b", "--policy", "p", "--git-username", "ci"),
                        "--git-username needs --git-password-file"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("usageErrors")
    void refusesWithOneSentence(List<String> args, String message) {
        assertThatThrownBy(() -> PreflightArguments.parse(args)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("usageErrors")
    void commandExitsTwoOnUsageErrors(List<String> args, String message) {
        PreflightInvocation run = PreflightInvocation.of(args.toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).startsWith("preflight: " + message).hasLineCount(1);
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() {
        PreflightInvocation run = PreflightInvocation.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("usage: preflight --build BUILD.yaml --policy POLICY.yaml")
                .contains("exit codes: 0 allowed, 1 refused by policy or invalid build, 2 usage error");
    }
}
