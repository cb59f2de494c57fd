package io.dcbuild.operator.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.TarImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Where {@code make image} puts the image: pushed to a registry, or written as an OCI image layout tarball. */
sealed interface ImageDestination {

    /** {@code <registry path>/<name>:<version>} for a registry; {@code <name>:<version>} inside a tarball. */
    ImageReference reference(PackagedApp app);

    /** The registry this destination talks to, if any ({@code host[:port]}). */
    Optional<String> registry();

    Containerizer containerizer(PackagedApp app, Map<String, String> environment, Consumer<LogEvent> log);

    /** One line saying where the image went. */
    String describe(PackagedApp app, JibContainer container);

    /**
     * A registry and optional path, {@code host[:port][/path]} ({@code REGISTRY}): the first segment must name a host
     * (a dot or a port in it, or {@code localhost}), so that {@code REGISTRY=myteam} is not silently Docker Hub.
     */
    static ImageDestination registry(String registryPath) {
        String trimmed = registryPath.strip().replaceAll("/+$", "");
        String host = trimmed.split("/", 2)[0];
        if (host.isEmpty() || !(host.contains(".") || host.contains(":") || host.equals("localhost"))) {
            throw new ImageBuildException("REGISTRY=" + registryPath + " names no registry host: give "
                    + "host[:port][/path], e.g. REGISTRY=ghcr.io/my-org or REGISTRY=localhost:5000.");
        }
        return new Registry(trimmed);
    }

    /** {@code <directory>/<name>-<version>.tar}. */
    static ImageDestination tarball(Path directory) {
        return new Tarball(directory);
    }

    record Registry(String path) implements ImageDestination {

        @Override
        public ImageReference reference(PackagedApp app) {
            String reference = path + "/" + app.title() + ":" + app.version();
            try {
                return ImageReference.parse(reference);
            } catch (InvalidImageReferenceException e) {
                throw new ImageBuildException(reference + " is not a valid image reference: check REGISTRY.", e);
            }
        }

        @Override
        public Optional<String> registry() {
            return Optional.of(path.split("/", 2)[0]);
        }

        @Override
        public Containerizer containerizer(PackagedApp app, Map<String, String> environment, Consumer<LogEvent> log) {
            ImageReference target = reference(app);
            return Containerizer.to(RegistryCredentialSources.registryImage(target, environment, log));
        }

        @Override
        public String describe(PackagedApp app, JibContainer container) {
            return "pushed " + reference(app) + " (" + container.getDigest() + ")";
        }
    }

    record Tarball(Path directory) implements ImageDestination {

        Path file(PackagedApp app) {
            return directory.resolve(app.title() + "-" + app.version() + ".tar");
        }

        @Override
        public ImageReference reference(PackagedApp app) {
            return ImageReference.of(null, app.title(), app.version());
        }

        @Override
        public Optional<String> registry() {
            return Optional.empty();
        }

        @Override
        public Containerizer containerizer(PackagedApp app, Map<String, String> environment, Consumer<LogEvent> log) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new ImageBuildException("cannot create " + directory + ": " + e.getMessage(), e);
            }
            return Containerizer.to(TarImage.at(file(app)).named(reference(app)));
        }

        @Override
        public String describe(PackagedApp app, JibContainer container) {
            return "wrote " + file(app) + ": the OCI image layout of " + app.title() + ":" + app.version() + " ("
                    + container.getDigest() + ")";
        }
    }
}
