package io.dcbuild.operator.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/**
 * The operator as Quarkus packages it ({@code mvn package}: the fast-jar layout of {@code target/quarkus-app}):
 * {@code quarkus-run.jar}, whose manifest names the version that was packaged, {@code lib/boot} and {@code lib/main}
 * (the dependencies), {@code quarkus/} (generated at build time) and {@code app/} (the operator's own classes, with
 * the project's {@code pom.xml}).
 */
public final class PackagedApp {

    static final String RUN_JAR = "quarkus-run.jar";
    private static final List<String> REQUIRED = List.of(RUN_JAR, "lib/boot", "lib/main", "quarkus", "app");

    private final Path directory;
    private final String title;
    private final String version;
    private final String description;

    private PackagedApp(Path directory, String title, String version, String description) {
        this.directory = directory;
        this.title = title;
        this.version = version;
        this.description = description;
    }

    /**
     * Reads the fast-jar directory.
     *
     * @throws ImageBuildException when it is not one (not packaged yet, or another package type)
     */
    public static PackagedApp at(Path directory) {
        for (String part : REQUIRED) {
            if (!Files.exists(directory.resolve(part))) {
                throw new ImageBuildException(directory + " holds no packaged operator (" + part + " is missing): "
                        + "package it first with make build (mvn package -DskipTests).");
            }
        }
        Manifest manifest = runJarManifest(directory.resolve(RUN_JAR));
        String title = manifest.getMainAttributes().getValue("Implementation-Title");
        String version = manifest.getMainAttributes().getValue("Implementation-Version");
        if (title == null || version == null) {
            throw new ImageBuildException(directory.resolve(RUN_JAR) + " names no Implementation-Title and "
                    + "Implementation-Version: package the operator again with make build.");
        }
        String applicationJar = "app/" + title + "-" + version + ".jar";
        if (!Files.isRegularFile(directory.resolve(applicationJar))) {
            throw new ImageBuildException(directory + " holds no " + applicationJar + " beside " + RUN_JAR
                    + ": package the operator again with make build.");
        }
        String description = projectDescription(directory.resolve(applicationJar)).orElseThrow(
                () -> new ImageBuildException(directory.resolve(applicationJar) + " holds no pom.xml with a "
                        + "<description>: package the operator again with make build."));
        return new PackagedApp(directory, title, version, description);
    }

    public Path directory() {
        return directory;
    }

    /** The artifact's name ({@code devcontainer-build-operator}), also the image repository's last segment. */
    public String title() {
        return title;
    }

    /** The project version that was packaged: the image's tag. */
    public String version() {
        return version;
    }

    /** The project's {@code <description>}. */
    public String description() {
        return description;
    }

    /** Every regular file of the directory, as paths relative to it, sorted. */
    public List<Path> files() {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).map(directory::relativize).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private static Manifest runJarManifest(Path runJar) {
        try (JarFile jar = new JarFile(runJar.toFile())) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                throw new ImageBuildException(runJar + " has no manifest: package the operator again with make build.");
            }
            return manifest;
        } catch (IOException e) {
            throw new ImageBuildException(runJar + " cannot be read (" + e.getMessage() + "): package the operator "
                    + "again with make build.");
        }
    }

    /** {@code <description>} of the pom.xml Maven puts under {@code META-INF/maven/} in the application jar. */
    private static Optional<String> projectDescription(Path applicationJar) {
        try (JarFile jar = new JarFile(applicationJar.toFile())) {
            Optional<? extends ZipEntry> pom = jar.stream()
                    .filter(entry -> entry.getName().startsWith("META-INF/maven/")
                            && entry.getName().endsWith("/pom.xml"))
                    .findFirst();
            if (pom.isEmpty()) {
                return Optional.empty();
            }
            try (InputStream in = jar.getInputStream(pom.get())) {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                Document document = factory.newDocumentBuilder().parse(in);
                return Optional.ofNullable(document.getDocumentElement())
                        .flatMap(project -> childText(project, "description"));
            }
        } catch (IOException | javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new ImageBuildException(applicationJar + " holds a pom.xml that cannot be read (" + e.getMessage()
                    + "): package the operator again with make build.", e);
        }
    }

    private static Optional<String> childText(org.w3c.dom.Element parent, String name) {
        for (org.w3c.dom.Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof org.w3c.dom.Element element && element.getTagName().equals(name)) {
                return Optional.of(element.getTextContent().strip().replaceAll("\\s+", " "));
            }
        }
        return Optional.empty();
    }
}
