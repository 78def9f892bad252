package org.fablab.gateway.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.fablab.protocol.Ed25519Keys;

/** Reads the gateway's secrets from the config, inline or from files; messages never echo a secret. */
public final class Secrets {
    private Secrets() {
    }

    public static PrivateKey gatewayKey(GatewayConfig.Keys keys) {
        String text = inlineOrFile("keys.gatewayPrivateKey", keys.gatewayPrivateKey(), keys.gatewayPrivateKeyFile());
        try {
            return Ed25519Keys.privateKey(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of("keys.gatewayPrivateKey: " + e.getMessage()));
        }
    }

    public static byte[] labPepper(GatewayConfig.Keys keys) {
        return pepper("keys.labPepper", inlineOrFile("keys.labPepper", keys.labPepper(), keys.labPepperFile()));
    }

    /** The network pepper shared with the partner labs, when the lab is in a network. */
    public static Optional<byte[]> networkPepper(GatewayConfig.Network network) {
        return network.enabled() ? Optional.of(pepper("network.pepper",
                inlineOrFile("network.pepper", network.pepper(), network.pepperFile()))) : Optional.empty();
    }

    private static byte[] pepper(String field, String text) {
        try {
            byte[] pepper = HexFormat.of().parseHex(text);
            if (pepper.length < 16) {
                throw new ConfigException(List.of(field + ": must be at least 16 bytes (32 hex characters)"));
            }
            return pepper;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(field + ": must be hexadecimal"));
        }
    }

    /** The raw Ed25519 public key (base64) of {@code key}, as nodes are given it. */
    public static String publicKeyOf(PrivateKey key) {
        return Ed25519Keys.encode(Ed25519Keys.publicKeyOf(key));
    }

    /** The PEM text of the lab CA that enrolled nodes pin, when one is configured. */
    public static Optional<String> caCertificate(GatewayConfig.Enrollment enrollment) {
        return enrollment.caCertificate().map(file -> {
            try {
                String pem = Files.readString(file, StandardCharsets.US_ASCII);
                if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                    throw new ConfigException(List.of("enrollment.caCertificateFile: " + file
                            + " holds no PEM certificate"));
                }
                return pem;
            } catch (IOException e) {
                throw new ConfigException(List.of("enrollment.caCertificateFile: cannot read " + file));
            }
        });
    }

    private static String inlineOrFile(String field, String inline, Path file) {
        if (inline != null && !inline.isBlank()) {
            return inline.trim();
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new ConfigException(List.of(field + "File: cannot read " + file + " (" + e.getClass().getSimpleName() + ")"));
        }
    }
}
