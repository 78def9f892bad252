package org.fablab.node.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The node software version, from the build ({@code version.properties}, filtered by Maven). */
public final class NodeVersion {
    public static final String SOFTWARE = load();

    private NodeVersion() {
    }

    private static String load() {
        try (InputStream in = NodeVersion.class.getResourceAsStream("version.properties")) {
            Properties props = new Properties();
            if (in != null) {
                props.load(in);
            }
            String version = props.getProperty("version", "");
            return version.isBlank() || version.startsWith("${") ? "dev" : version;
        } catch (IOException e) {
            return "dev";
        }
    }
}
