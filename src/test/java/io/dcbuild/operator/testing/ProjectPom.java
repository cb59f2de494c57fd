package io.dcbuild.operator.testing;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The project's own {@code pom.xml} (the working directory of a test run is the project's), read as XML. */
public final class ProjectPom {

    public static final Path FILE = Path.of("pom.xml");

    private ProjectPom() {
    }

    /** {@code /project/version}: the version the build packages, and so the operator image's tag. */
    public static String version() {
        return child("version");
    }

    /** {@code /project/description}, whitespace collapsed. */
    public static String description() {
        return child("description").replaceAll("\\s+", " ");
    }

    private static String child(String name) {
        Element project = project();
        for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().strip();
            }
        }
        throw new IllegalStateException(FILE.toAbsolutePath() + " has no /project/" + name);
    }

    private static Element project() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(FILE.toFile()).getDocumentElement();
        } catch (java.io.IOException | javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IllegalStateException("cannot read " + FILE.toAbsolutePath(), e);
        }
    }
}
