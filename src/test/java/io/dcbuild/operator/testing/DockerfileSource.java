package io.dcbuild.operator.testing;

import java.nio.file.Path;

/**
 * The Dockerfile a simulated Envbuilder run builds: its text, the build context directory, and how it was found
 * (for the log).
 */
record DockerfileSource(String text, Path contextDir, String origin) {
}
