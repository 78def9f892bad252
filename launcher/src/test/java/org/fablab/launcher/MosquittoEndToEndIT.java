package org.fablab.launcher;

import java.util.Map;

/**
 * The end-to-end suite on the real Mosquitto named by FABLAB_TEST_MQTT_URL (tcp://127.0.0.1:1883 by
 * default). An unreachable broker fails the suite: it is never skipped.
 */
class MosquittoEndToEndIT extends EndToEndContract {
    static String mosquittoUrl() {
        String url = System.getenv("FABLAB_TEST_MQTT_URL");
        return url == null || url.isBlank() ? "tcp://127.0.0.1:1883" : url;
    }

    @Override
    Map<String, String> brokerSettings() {
        return Map.of("FABLAB_MQTT_MODE", "external", "FABLAB_MQTT_URL", mosquittoUrl());
    }

    @Override
    boolean brokerChecksUsers() {
        return false;
    }

    @Override
    String brokerUrl() {
        return mosquittoUrl();
    }
}
