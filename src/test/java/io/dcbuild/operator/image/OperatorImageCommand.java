package io.dcbuild.operator.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.LogEvent;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * {@code make image}: builds the operator's image from the packaged app with Jib Core, no Docker needed, and pushes
 * it to a registry or writes an OCI image layout tarball; prints where it went with the manifest digest. Exit codes:
 * 0 done, 1 the build failed (one sentence on stderr, no stack trace: a base image that cannot be pulled is named,
 * with the BASE_IMAGE setting), 2 usage error. See {@link OperatorImageArguments#USAGE}.
 */
public final class OperatorImageCommand {

    static final String TOOL_NAME = "dcbuild-make-image";

    private OperatorImageCommand() {
    }

    public static void main(String[] args) {
        // The JBoss LogManager of the operator's dependencies must be chosen before any logger exists (Jib's HTTP
        // client logs through java.util.logging), or it prints a warning to stderr.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        int exitCode = execute(List.of(args), System.getenv(), System.out, System.err);
        System.out.flush();
        System.exit(exitCode);
    }

    /** Runs the command with {@code environment} (Docker config location), printing to {@code out} and {@code err}. */
    public static int execute(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        OperatorImageArguments arguments;
        try {
            arguments = OperatorImageArguments.parse(args);
        } catch (ImageBuildException e) {
            err.println("make image: " + e.getMessage());
            return 2;
        }
        JibEventPrinter jib = new JibEventPrinter(out, err);
        try {
            String result = build(arguments, environment, jib, out);
            jib.printWarnings();
            out.println(result);
            return 0;
        } catch (ImageBuildException e) {
            err.println("make image: " + e.getMessage());
            return 1;
        }
    }

    private static String build(OperatorImageArguments arguments, Map<String, String> environment,
            JibEventPrinter log, PrintStream out) {
        PackagedApp app = PackagedApp.at(arguments.app());
        ImageReference base = baseImage(arguments.baseImage());
        ImageDestination destination = arguments.registry().map(ImageDestination::registry)
                .orElseGet(() -> ImageDestination.tarball(arguments.tarDir().orElseThrow()));
        RegistryHostLookup.requireResolvable(base, arguments.baseImage());
        out.println("building " + destination.reference(app) + " on " + arguments.baseImage() + " with Jib Core");
        ImageLabels labels = new ImageLabels(app.title(), app.description(), app.version(), arguments.source(),
                arguments.revision(), arguments.licenses(), arguments.baseImage());
        boolean onlyLoopback = LoopbackRegistries.isLoopback(base.getRegistry())
                && destination.registry().map(LoopbackRegistries::isLoopback).orElse(true);
        Containerizer containerizer = destination.containerizer(app, environment, log)
                .setAllowInsecureRegistries(onlyLoopback)
                .setToolName(TOOL_NAME)
                .setToolVersion(app.version())
                .addEventHandler(LogEvent.class, log);
        arguments.cacheDir().ifPresent(dir -> containerizer
                .setBaseImageLayersCache(dir.resolve("base"))
                .setApplicationLayersCache(dir.resolve("application")));
        try {
            JibContainer container = OperatorImage
                    .on(RegistryCredentialSources.registryImage(base, environment, log), app, labels)
                    .containerize(containerizer);
            return destination.describe(app, container);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageBuildException("interrupted while building " + destination.reference(app) + ".", e);
        } catch (ExecutionException | java.io.IOException | com.google.cloud.tools.jib.api.RegistryException
                | com.google.cloud.tools.jib.api.CacheDirectoryCreationException e) {
            throw BuildFailure.of(e, log.errors(), arguments.baseImage(), base, destination, app);
        }
    }

    private static ImageReference baseImage(String reference) {
        try {
            return ImageReference.parse(reference);
        } catch (InvalidImageReferenceException e) {
            throw new ImageBuildException("BASE_IMAGE=" + reference + " is not an image reference; name a JRE 17 "
                    + "image, e.g. BASE_IMAGE=eclipse-temurin:17-jre.", e);
        }
    }
}
