package org.fablab.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code enroll} over HTTPS to a server whose certificate only {@code --ca} vouches for (made by the JDK's keytool,
 * for 127.0.0.1): pinned, the request goes through and the server's refusal is shown; without the pin, the handshake
 * fails with a hint about {@code --ca}.
 */
class EnrollHttpsTest {
    private static final String REFUSAL = "this enrollment token expired at 2026-12-03T10:30:00Z: ask an admin for a new one";

    @TempDir
    Path dir;
    private HttpsServer server;
    private Path caPem;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startServer() throws Exception {
        Path keystore = dir.resolve("server.p12");
        caPem = dir.resolve("lab-ca.pem");
        keytool("-genkeypair", "-alias", "gw", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", keystore.toString(), "-storetype",
                "PKCS12", "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "gw", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", caPem.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/api/v1/enroll", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] problem = ("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\""
                    + REFUSAL + "\",\"field\":\"token\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(401, problem.length);
            exchange.getResponseBody().write(problem);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static void keytool(String... args) throws Exception {
        Path bin = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(bin.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private int enroll(String... extra) {
        CommandLine cli = new CommandLine(new NodeCommand());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        List<String> args = new java.util.ArrayList<>(List.of("enroll", "--gateway",
                "https://127.0.0.1:" + server.getAddress().getPort(), "--token", "tok3n", "--dir",
                dir.resolve("etc").toString()));
        args.addAll(List.of(extra));
        return cli.execute(args.toArray(String[]::new));
    }

    @Test
    void pinnedToTheLabCa_theRequestGoesThrough_andTheGatewaysRefusalIsShown() {
        int code = enroll("--ca", caPem.toString());

        assertThat(code).isEqualTo(EnrollCommand.REFUSED);
        assertThat(err.toString()).contains("enrollment refused by the gateway: " + REFUSAL);
        assertThat(bodies).singleElement().satisfies(body -> assertThat(body).contains("\"token\":\"tok3n\"")
                .contains("\"publicKey\":").doesNotContain("private"));
        assertThat(dir.resolve("etc").resolve(NodeFiles.PRIVATE_KEY)).doesNotExist();
    }

    @Test
    void withoutThePin_aCertificateFromAnUnknownCa_failsTheHandshake_withAHint() {
        int code = enroll();

        assertThat(code).isEqualTo(EnrollCommand.UNREACHABLE);
        assertThat(err.toString()).contains("TLS handshake").contains("--ca");
        assertThat(bodies).isEmpty();
    }
}
