package io.dcbuild.operator.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The build and policy YAML files of the preflight tests, written into a test's directory. */
final class PreflightManifests {

    static final String NOT_LISTENING_PROXY = "http://127.0.0.2:3128";

    private PreflightManifests() {
    }

    static String build(String gitUrl) {
        return """
                apiVersion: dcbuild.io/v1alpha1
                kind: DevContainerBuild
                metadata:
                  name: web-app
                  namespace: team-a
                spec:
                  source:
                    url: %s
                    ref: main
                    credentialsSecretRef:
                      name: web-app-git
                  cache:
                    repo: 127.0.0.1:5000/devcontainers/web-app-cache
                """.formatted(gitUrl);
    }

    /**
     * Two policies: the baseline for tenant namespaces, with a proxy on a loopback address where nothing listens
     * (git on 127.0.0.1 bypasses it through noProxy), a CA bundle and registry credentials; and one that selects
     * other namespaces and allows no image at all.
     */
    static String policies() {
        return """
                # the baseline for tenant namespaces
                apiVersion: dcbuild.io/v1alpha1
                kind: DevContainerBuildPolicy
                metadata:
                  name: company-baseline
                spec:
                  namespaceSelector:
                    matchLabels:
                      dcbuild.io/tenant: "true"
                  priority: 10
                  proxy:
                    httpProxy: %1$s
                    httpsProxy: %1$s
                    noProxy: 127.0.0.1,localhost
                  caBundle:
                    namespace: dcbuild-system
                    name: corp-ca-bundle
                  registryCredentials:
                    secretRef:
                      namespace: dcbuild-system
                      name: artifactory-pull-push
                  allowedSources:
                    gitUrls: ["http://127.0.0.1:*/git/**", "https://127.0.0.1:*/git/**"]
                    images: ["mcr.microsoft.com/devcontainers/*", "docker.io/library/debian"]
                    features: ["ghcr.io/devcontainers/features/*"]
                    cacheRepos: ["127.0.0.1:5000/devcontainers/**"]
                  builder:
                    activeDeadlineSeconds: 5400
                    nodeSelector:
                      node-pool: builders
                ---
                apiVersion: dcbuild.io/v1alpha1
                kind: DevContainerBuildPolicy
                metadata:
                  name: other-tenants
                spec:
                  namespaceSelector:
                    matchLabels:
                      tenant: other
                  allowedSources:
                    images: []
                """.formatted(NOT_LISTENING_PROXY);
    }

    static Path write(Path dir, String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
