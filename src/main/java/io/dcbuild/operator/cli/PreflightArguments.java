package io.dcbuild.operator.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of the preflight command.
 *
 * @param build           the DevContainerBuild YAML file
 * @param policies        DevContainerBuildPolicy YAML files (each may hold several documents)
 * @param namespaceLabels the labels of the build's namespace, matched against each policy's namespaceSelector
 * @param gitUsername     the username for the git server, when a password file is given
 * @param gitPasswordFile a file holding the password or token for the git server
 * @param caFile          a PEM bundle trusted for git (what the policy's CA bundle holds on the cluster)
 * @param plainHttpHosts  registry hosts the operator reaches over plain http (dcbuild.registry.plain-http-hosts)
 * @param help            whether only the usage was asked for
 */
public record PreflightArguments(Path build, List<Path> policies, Map<String, String> namespaceLabels,
        Optional<String> gitUsername, Optional<Path> gitPasswordFile, Optional<Path> caFile,
        List<String> plainHttpHosts, boolean help) {

    public static final String USAGE = """
            usage: preflight --build BUILD.yaml --policy POLICY.yaml [--policy MORE.yaml ...]
                             [--namespace-labels k=v,k2=v2]
                             [--git-username USER --git-password-file FILE]
                             [--ca-file CA.pem] [--plain-http-host HOST ...]

            Checks a DevContainerBuild against DevContainerBuildPolicies without a cluster: validates the spec,
            selects the policies governing the namespace, reads the repository at the resolved commit, lists every
            image and Feature the build would pull, prints the verdict and the builder pod the operator would create.

              --build              the DevContainerBuild YAML file
              --policy             a DevContainerBuildPolicy YAML file, possibly with several documents; repeatable
              --namespace-labels   labels of the build's namespace (kubernetes.io/metadata.name is added)
              --git-username       username for the git server (default: git)
              --git-password-file  file holding the git password or token (never printed)
              --ca-file            PEM bundle the policy's CA bundle holds, trusted for git
              --plain-http-host    registry host reached over plain http; repeatable

            exit codes: 0 allowed, 1 refused by policy or invalid build, 2 usage error or git unreachable
            """;

    public PreflightArguments {
        policies = List.copyOf(policies);
        namespaceLabels = Map.copyOf(namespaceLabels);
        plainHttpHosts = List.copyOf(plainHttpHosts);
    }

    public static PreflightArguments parse(List<String> args) throws UsageException {
        Path build = null;
        List<Path> policies = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>();
        String username = null;
        Path passwordFile = null;
        Path caFile = null;
        List<String> plainHttpHosts = new ArrayList<>();
        Iterator<String> it = args.iterator();
        while (it.hasNext()) {
            String option = it.next();
            switch (option) {
                case "-h", "--help" -> {
                    return new PreflightArguments(Path.of(""), List.of(), Map.of(), Optional.empty(),
                            Optional.empty(), Optional.empty(), List.of(), true);
                }
                case "--build" -> build = once(option, build, Path.of(value(option, it)));
                case "--policy" -> policies.add(Path.of(value(option, it)));
                case "--namespace-labels" -> addLabels(value(option, it), labels);
                case "--git-username" -> username = once(option, username, value(option, it));
                case "--git-password-file" -> passwordFile = once(option, passwordFile, Path.of(value(option, it)));
                case "--ca-file" -> caFile = once(option, caFile, Path.of(value(option, it)));
                case "--plain-http-host" -> plainHttpHosts.add(value(option, it));
                default -> throw new UsageException("unknown argument '" + option + "' (see --help)");
            }
        }
        if (build == null) {
            throw new UsageException("--build is required: the DevContainerBuild YAML file to check");
        }
        if (policies.isEmpty()) {
            throw new UsageException("at least one --policy is required: a DevContainerBuildPolicy YAML file");
        }
        if (username != null && passwordFile == null) {
            throw new UsageException("--git-username needs --git-password-file with the password or token");
        }
        return new PreflightArguments(build, policies, labels, Optional.ofNullable(username),
                Optional.ofNullable(passwordFile), Optional.ofNullable(caFile), plainHttpHosts, false);
    }

    private static String value(String option, Iterator<String> it) throws UsageException {
        if (!it.hasNext()) {
            throw new UsageException(option + " needs a value (see --help)");
        }
        String value = it.next();
        if (value.isBlank() || value.startsWith("--")) {
            throw new UsageException(option + " needs a value, not '" + value + "' (see --help)");
        }
        return value;
    }

    private static <T> T once(String option, T previous, T value) throws UsageException {
        if (previous != null) {
            throw new UsageException(option + " may be given only once");
        }
        return value;
    }

    /** {@code k=v,k2=v2}; {@code k=} is a label with the empty value. */
    private static void addLabels(String text, Map<String, String> labels) throws UsageException {
        for (String pair : text.split(",")) {
            String trimmed = pair.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--namespace-labels expects k=v,k2=v2, not '" + trimmed + "'");
            }
            String key = trimmed.substring(0, eq).strip();
            String value = trimmed.substring(eq + 1).strip();
            labels.put(key, value);
        }
    }
}
