package dev.reload.runtime.fleet;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The user name and password the repository asks for: the fleet file's {@code username} with the password in the
 * environment variable that {@code password.env} names, or else the {@code <server>} of Maven's {@code settings.xml}
 * whose id is the repository's id. Passwords encrypted with Maven's master password are not read.
 *
 * @param username the user, or {@code null} for none
 * @param password the password, or {@code null}
 */
record Credentials(String username, String password) {

    static final Credentials NONE = new Credentials(null, null);

    /**
     * @param fleet       the fleet file
     * @param environment reads an environment variable, {@code System::getenv} outside tests
     * @throws IllegalArgumentException if {@code password.env} names a variable that is not set, or settings.xml
     *                                  cannot be read
     */
    static Credentials of(FleetFile fleet, UnaryOperator<String> environment) {
        if (fleet.passwordEnv() != null) {
            String password = environment.apply(fleet.passwordEnv());
            if (password == null) {
                throw new IllegalArgumentException("the environment variable " + fleet.passwordEnv()
                        + " named by 'password.env' is not set");
            }
            return new Credentials(fleet.username(), password);
        }
        Credentials server = fromSettings(fleet.settings(), fleet.repositoryId());
        if (server != NONE) {
            return server;
        }
        return fleet.username() == null ? NONE : new Credentials(fleet.username(), null);
    }

    /** @return whether there is anything to authenticate with */
    boolean present() {
        return username != null;
    }

    private static Credentials fromSettings(Path settings, String id) {
        if (!Files.isRegularFile(settings)) {
            return NONE;
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(settings.toFile());
            NodeList servers = document.getElementsByTagName("server");
            for (int i = 0; i < servers.getLength(); i++) {
                Element server = (Element) servers.item(i);
                if (id.equals(child(server, "id"))) {
                    return new Credentials(child(server, "username"), child(server, "password"));
                }
            }
            return NONE;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot read the credentials of server '" + id + "' from " + settings
                    + ": " + e.getMessage(), e);
        }
    }

    private static String child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && n.getNodeName().equals(name)) {
                return n.getTextContent().trim();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return username == null ? "no credentials" : "user " + username;
    }
}
