/**
 * The operator's container image, built without Docker by Jib Core from the Quarkus fast-jar
 * ({@code target/quarkus-app}): tooling of the build, not part of the operator, so it lives with the tests and never
 * in the runtime jar. {@code make image} runs {@link io.dcbuild.operator.image.OperatorImageCommand};
 * {@code OperatorImageIT} builds the image from a JRE base image of a local registry and reads back what the registry
 * serves.
 *
 * <ul>
 *   <li>{@link io.dcbuild.operator.image.PackagedApp}: the fast-jar directory, its version and description;</li>
 *   <li>{@link io.dcbuild.operator.image.FastJarLayers}: its files as three layers under {@code /deployments};</li>
 *   <li>{@link io.dcbuild.operator.image.OperatorImage}: entrypoint, user, port, working directory and labels on a
 *       base image;</li>
 *   <li>{@link io.dcbuild.operator.image.ImageDestination}: a registry (pushed) or an OCI layout tarball;</li>
 *   <li>{@link io.dcbuild.operator.image.LoopbackRegistries}, {@link io.dcbuild.operator.image.RegistryCredentialSources}
 *       and {@link io.dcbuild.operator.image.RegistryHostLookup}: plain http for loopback only, credentials from the
 *       Docker config, an unresolvable base registry told at once;</li>
 *   <li>{@link io.dcbuild.operator.image.JibEventPrinter} and {@link io.dcbuild.operator.image.BuildFailure}: what
 *       Jib says, and a failure told in one sentence.</li>
 * </ul>
 * The tests: {@code OperatorImageIT} (after {@code package}, by failsafe) and {@code ChartAndManifestsNameTheImageTest}
 * (the chart and manifests name the image's version and user); {@code ImageContents} reads an image back as a user's
 * tools get it.
 */
package io.dcbuild.operator.image;
