package io.dcbuild.operator.cli;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.egress.TrustedCertificates;
import io.dcbuild.operator.source.GitCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the files named on the command line. Secret file contents never appear in a message. */
final class PreflightInputsLoader {

    private final ManifestFile manifests = new ManifestFile();

    PreflightInputs load(PreflightArguments arguments) throws UsageException {
        Optional<DevContainerBuild> build;
        List<String> buildProblems = new ArrayList<>();
        try {
            build = Optional.of(manifests.readOne(arguments.build(), DevContainerBuild.class));
        } catch (ManifestException e) {
            if (!e.isFieldProblem()) {
                throw new UsageException(e.getMessage());
            }
            build = Optional.empty();
            buildProblems.add(e.getMessage());
        }
        return new PreflightInputs(build, buildProblems, policies(arguments.policies()), arguments.namespaceLabels(),
                gitCredentials(arguments), caBundle(arguments.caFile()));
    }

    private List<DevContainerBuildPolicy> policies(List<Path> files) throws UsageException {
        List<DevContainerBuildPolicy> policies = new ArrayList<>();
        Map<String, Path> origin = new HashMap<>();
        for (Path file : files) {
            List<DevContainerBuildPolicy> inFile;
            try {
                inFile = manifests.readAll(file, DevContainerBuildPolicy.class);
            } catch (ManifestException e) {
                throw new UsageException(e.getMessage());
            }
            for (DevContainerBuildPolicy policy : inFile) {
                String name = policy.getMetadata() == null ? null : policy.getMetadata().getName();
                if (name == null || name.isBlank()) {
                    throw new UsageException(file + " holds a DevContainerBuildPolicy without metadata.name");
                }
                if (policy.getSpec() == null) {
                    throw new UsageException("the DevContainerBuildPolicy " + name + " in " + file + " has no spec");
                }
                Path earlier = origin.putIfAbsent(name, file);
                if (earlier != null) {
                    throw new UsageException("the DevContainerBuildPolicy " + name + " is given twice (" + earlier
                            + " and " + file + "); policy names are unique in a cluster");
                }
                policies.add(policy);
            }
        }
        return policies;
    }

    private static Optional<GitCredentials> gitCredentials(PreflightArguments arguments) throws UsageException {
        if (arguments.gitPasswordFile().isEmpty()) {
            return Optional.empty();
        }
        Path file = arguments.gitPasswordFile().get();
        String password = stripLineEnd(read(file, "--git-password-file"));
        if (password.isEmpty()) {
            throw new UsageException("the --git-password-file " + file + " is empty");
        }
        return Optional.of(new GitCredentials(arguments.gitUsername().orElse("git"), password));
    }

    private static Optional<String> caBundle(Optional<Path> caFile) throws UsageException {
        if (caFile.isEmpty()) {
            return Optional.empty();
        }
        String pem = read(caFile.get(), "--ca-file");
        try {
            TrustedCertificates.trustManagers(pem);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new UsageException("the --ca-file " + caFile.get() + " holds no usable PEM certificate");
        }
        return Optional.of(pem);
    }

    private static String read(Path file, String option) throws UsageException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("the " + option + " " + file + " does not exist");
        } catch (IOException e) {
            throw new UsageException("cannot read the " + option + " " + file + " (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    /** A password file written by {@code echo} ends with a newline that is not part of the password. */
    private static String stripLineEnd(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }
}
