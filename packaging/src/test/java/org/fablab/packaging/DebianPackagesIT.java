package org.fablab.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Installs the two packages this module builds into a throwaway Debian 12 root made with debootstrap, as an
 * installer would on a server or a Pi: {@code dpkg -i}, the Java runtime from Debian's packages through
 * {@code apt-get -f install}, each program started from its installed unit's {@code ExecStart} as the unit's user,
 * the node enrolled with a one-time token of that gateway through the installed commands, then an upgrade that must
 * keep data, the enrolled files and a changed conffile, then a purge that must remove them.
 *
 * <p>Needs root (chroot, mount), debootstrap, lintian and Debian's package servers. The bootstrapped base is cached as a
 * tarball in {@value #CACHE}, and so are the packages apt downloads, so only the first run on a machine bootstraps.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebianPackagesIT {
    static final String CACHE = "/var/cache/fablab-test";
    private static final String SUITE = "bookworm";
    private static final String MIRROR = "http://deb.debian.org/debian";
    private static final Path BASE = Path.of(CACHE, SUITE + "-minbase.tar");
    private static final Path ARCHIVES = Path.of(CACHE, "archives");
    private static final String MQTT_URL = System.getenv().getOrDefault("FABLAB_TEST_MQTT_URL", "tcp://127.0.0.1:1883");

    private static Path root;
    private static Path gatewayDeb;
    private static Path nodeDeb;
    private static String gatewayYaml;
    private static int gatewayPort;

    @BeforeAll
    static void bootstrap() throws Exception {
        assertThat(run(List.of("id", "-u")).out().trim()).as("the test must run as root (chroot, mount)").isEqualTo("0");
        assertThat(Path.of("/usr/sbin/debootstrap")).as("debootstrap (apt-get install debootstrap)").exists();
        gatewayDeb = builtDeb("fablab-gateway_");
        nodeDeb = builtDeb("fablab-node_");
        Files.createDirectories(ARCHIVES);
        try (FileChannel channel = FileChannel.open(Path.of(CACHE, ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            if (!Files.exists(BASE)) {
                Path fresh = Files.createTempDirectory(Path.of(CACHE), "debootstrap-");
                Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rwxr-xr-x"));
                ok(List.of("debootstrap", "--variant=minbase", SUITE, fresh.toString(), MIRROR), Duration.ofMinutes(15));
                Path partial = Path.of(BASE + ".partial");
                ok(List.of("tar", "-C", fresh.toString(), "-cf", partial.toString(), "."), Duration.ofMinutes(5));
                Files.move(partial, BASE, StandardCopyOption.ATOMIC_MOVE);
                removeTree(fresh);
            }
        }
        root = Files.createTempDirectory("fablab-debian-root-");
        ok(List.of("tar", "-C", root.toString(), "-xf", BASE.toString()), Duration.ofMinutes(5));
        // a temporary folder is 0700, and the root's "/" must let the fablab user through
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(Path.of("/etc/resolv.conf"), root.resolve("etc/resolv.conf"), StandardCopyOption.REPLACE_EXISTING);
        ok(List.of("mount", "-t", "proc", "proc", root.resolve("proc").toString()), Duration.ofSeconds(30));
    }

    @AfterAll
    static void removeRoot() throws Exception {
        if (root == null) {
            return;
        }
        run(List.of("umount", "-l", root.resolve("proc").toString()));
        removeTree(root);
    }

    @Test
    @Order(0)
    void lintianFindsNothingThatIsNotJustifiedInTheOverrides() throws Exception {
        assertThat(Path.of("/usr/bin/lintian")).as("lintian (apt-get install lintian)").exists();
        Result lintian = run(List.of("lintian", "--fail-on", "error,warning", "--tag-display-limit", "0",
                gatewayDeb.toString(), nodeDeb.toString()), Duration.ofMinutes(5));
        assertThat(lintian.code()).as(lintian.out()).isZero();
        assertThat(lintian.out()).isEmpty();
    }

    @Test
    @Order(1)
    void installsBothPackagesWithTheJavaRuntimeFromDebian() throws Exception {
        copyTree(ARCHIVES, root.resolve("var/cache/apt/archives"));
        Files.copy(gatewayDeb, root.resolve("tmp/" + gatewayDeb.getFileName()));
        Files.copy(nodeDeb, root.resolve("tmp/" + nodeDeb.getFileName()));
        // The runtime is missing: dpkg unpacks both and leaves them unconfigured, apt-get -f completes them.
        Result unpacked = inRoot(List.of("dpkg", "-i", "/tmp/" + gatewayDeb.getFileName(), "/tmp/" + nodeDeb.getFileName()));
        assertThat(unpacked.err()).contains("dependency problems");
        ok(chrootCommand(List.of("apt-get", "update", "-qq")), Duration.ofMinutes(5));
        ok(chrootCommand(List.of("apt-get", "-f", "install", "-y", "-qq", "--no-install-recommends")), Duration.ofMinutes(10));
        copyTree(root.resolve("var/cache/apt/archives"), ARCHIVES);

        assertThat(inRoot(List.of("dpkg-query", "-W", "-f", "${Status}\\n", "fablab-gateway", "fablab-node")).out())
                .isEqualTo("install ok installed\ninstall ok installed\n");
        assertThat(inRoot(List.of("java", "-version")).err()).contains("version \"17");
        assertThat(inRoot(List.of("id", "-nG", "fablab")).out().trim().split(" "))
                .contains("fablab", "gpio", "spi", "i2c", "dialout");
        assertThat(inRoot(List.of("stat", "-c", "%U:%G %a", "/var/lib/fablab", "/var/lib/fablab/gateway",
                "/var/lib/fablab/node", "/etc/fablab/node", "/etc/fablab", "/etc/fablab/gateway.key",
                "/etc/fablab/lab-pepper")).out())
                .isEqualTo("fablab:fablab 750\n".repeat(4) + "root:root 755\n" + "root:fablab 640\n".repeat(2));
        assertThat(Files.readString(root.resolve("var/lib/dpkg/info/fablab-gateway.conffiles")).trim())
                .isEqualTo("/etc/fablab/gateway.yaml");
        // The node's config is the enrollment's, not a conffile: the package ships the hardware examples instead.
        assertThat(root.resolve("var/lib/dpkg/info/fablab-node.conffiles")).doesNotExist();
        assertThat(root.resolve("etc/fablab/node.yaml")).doesNotExist();
        assertThat(root.resolve("usr/share/fablab/examples/laser-cutter.yaml")).isRegularFile();
        assertThat(root.resolve("usr/share/fablab/examples/3d-printer.yaml")).isRegularFile();
        assertThat(Files.readString(root.resolve("etc/fablab/lab-pepper"))).matches("[0-9a-f]{64}");
        assertThat(Base64.getDecoder().decode(Files.readString(root.resolve("etc/fablab/gateway.key")).trim())).hasSize(32);
        assertThat(inRoot(List.of("fablab", "--help")).out())
                .contains("gateway", "admin", "ledger", "export", "provision", "backup", "restore");
        assertThat(inRoot(List.of("fablab-node", "--help")).out()).contains("--config", "--check", "enroll", "rotate-key");
        verifyUnits();
    }

    @Test
    @Order(2)
    void gatewayStartsFromItsUnitAsTheFablabUserWithAnExternalBroker() throws Exception {
        gatewayPort = freePort();
        // What an installer writes into the conffile; the upgrade below must keep it.
        gatewayYaml = Files.readString(root.resolve("etc/fablab/gateway.yaml"))
                .replace("lab: \"\"", "lab: pkg-test")
                .replace("port: 8080", "port: " + gatewayPort)
                .replace("mode: embedded", "mode: external")
                .replace("url: \"\"", "url: " + MQTT_URL + "\n  clientId: pkg-" + UUID.randomUUID().toString().substring(0, 8));
        Files.writeString(root.resolve("etc/fablab/gateway.yaml"), gatewayYaml);

        Unit unit = Unit.read(root.resolve("lib/systemd/system/fablab-gateway.service"));
        startUntilHealthy(unit, gatewayPort);
        assertThat(inRoot(List.of("stat", "-c", "%U", "/var/lib/fablab/gateway/fablab.db")).out().trim()).isEqualTo("fablab");
        // The first clean stop left the class-data archive that the next start uses.
        assertThat(inRoot(List.of("sh", "-c", "stat -c %U /var/lib/fablab/gateway/classes-*.jsa")).out().trim())
                .isEqualTo("fablab");
        startUntilHealthy(unit, gatewayPort);
    }

    private static void startUntilHealthy(Unit unit, int port) throws Exception {
        Process gateway = startHealthy(unit, port);
        stopGateway(gateway);
    }

    private static Process startHealthy(Unit unit, int port) throws Exception {
        Process gateway = startAsUnit(unit, List.of(), Map.of());
        try {
            Instant deadline = Instant.now().plusSeconds(90);
            int status = 0;
            while (status != 200 && gateway.isAlive() && Instant.now().isBefore(deadline)) {
                status = health(port);
                Thread.sleep(200);
            }
            assertThat(status).as("GET /health of the packaged gateway").isEqualTo(200);
            return gateway;
        } catch (Exception | AssertionError e) {
            stop(gateway);
            throw e;
        }
    }

    private static void stopGateway(Process gateway) throws InterruptedException {
        stop(gateway);
        assertThat(gateway.exitValue()).as("exit on SIGTERM, a success for the unit").isEqualTo(143);
    }

    /**
     * What docs/enrollment.md tells an installer: on the server an admin account, a machine and a one-time token with
     * the installed {@code fablab}; on the Pi {@code fablab-node enroll} as root with a packaged hardware example.
     */
    @Test
    @Order(3)
    void theNodeEnrollsWithATokenOfThePackagedGateway() throws Exception {
        Process gateway = startHealthy(Unit.read(root.resolve("lib/systemd/system/fablab-gateway.service")), gatewayPort);
        try {
            String password = "pkg-" + UUID.randomUUID();
            Result admin = inRoot(List.of("fablab", "admin", "create", "--config", "/etc/fablab/gateway.yaml",
                    "--username", "installer", "--role", "admin", "--password", password));
            assertThat(admin.code()).as(admin.out() + admin.err()).isZero();
            createMachine("laser-1", password);

            Result provision = inRoot(List.of("fablab", "provision", "node", "--config", "/etc/fablab/gateway.yaml",
                    "--node", "laser-1-node", "--machine", "laser-1"));
            assertThat(provision.code()).as(provision.out() + provision.err()).isZero();
            Matcher token = Pattern.compile("(?m)^token: (\\S+)$").matcher(provision.out());
            assertThat(token.find()).as(provision.out()).isTrue();

            Result enroll = inRoot(List.of("fablab-node", "enroll", "--gateway", "http://127.0.0.1:" + gatewayPort,
                    "--token", token.group(1), "--hardware", "/usr/share/fablab/examples/laser-cutter.yaml"));
            assertThat(enroll.code()).as(enroll.out() + enroll.err()).isZero();
            assertThat(enroll.out()).contains("enrolled: node laser-1-node on machine laser-1 of lab pkg-test",
                    "/etc/fablab/node/node.yaml");
        } finally {
            stopGateway(gateway);
        }
        assertThat(inRoot(List.of("sh", "-c", "cd /etc/fablab/node && stat -c '%n %U:%G %a' node.yaml node.key "
                + "broker.password lab.pepper")).out()).isEqualTo("""
                node.yaml fablab:fablab 600
                node.key fablab:fablab 600
                broker.password fablab:fablab 600
                lab.pepper fablab:fablab 600
                """);
        String config = Files.readString(root.resolve("etc/fablab/node/node.yaml"));
        assertThat(config).contains("dataDir: /var/lib/fablab/node", "node: laser-1-node", "hardware: pi4j",
                "brokerUrl: " + MQTT_URL).doesNotContain("change-me");
        // Enrolled again without --force, the node refuses to lose its identity.
        Result again = inRoot(List.of("fablab-node", "enroll", "--gateway", "http://127.0.0.1:" + gatewayPort,
                "--token", "whatever"));
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("refusing to overwrite");
    }

    /** {@code POST /api/v1/machines} as the admin, over the gateway's loopback HTTP like the dashboard. */
    private static void createMachine(String id, String password) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(api("/api/v1/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"installer\",\"password\":\"" + password + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        Matcher csrf = Pattern.compile("\"csrfToken\"\\s*:\\s*\"([^\"]+)\"").matcher(login.body());
        assertThat(csrf.find()).as(login.body()).isTrue();
        String cookie = login.headers().allValues("Set-Cookie").stream().map(value -> value.split(";", 2)[0])
                .reduce((a, b) -> a + "; " + b).orElseThrow();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(api("/api/v1/machines"))
                .header("Content-Type", "application/json").header("Cookie", cookie)
                .header("X-CSRF-Token", csrf.group(1))
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\",\"name\":\"Laser\","
                        + "\"kind\":\"laser-cutter\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private static URI api(String path) {
        return URI.create("http://127.0.0.1:" + gatewayPort + path);
    }

    @Test
    @Order(4)
    void nodeChecksAndRunsItsEnrolledConfigFromItsUnitAsTheFablabUser() throws Exception {
        Unit unit = Unit.read(root.resolve("lib/systemd/system/fablab-node.service"));
        assertThat(unit.supplementaryGroups()).containsExactlyInAnyOrder("gpio", "spi", "i2c", "dialout", "input");
        // The unit waits for the enrollment's config instead of failing before it.
        assertThat(Unit.optional(Files.readString(root.resolve("lib/systemd/system/fablab-node.service")),
                "ConditionPathExists")).contains("/etc/fablab/node/node.yaml");
        assertThat(unit.execStart()).contains("/etc/fablab/node/node.yaml");
        Process check = startAsUnit(unit, List.of("--check"), Map.of());
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

        // This root has no GPIO: the enrolled config runs its reader, relay and sensors on Pi4J's mock providers.
        Process node = startAsUnit(unit, List.of(), Map.of("FABLAB_NODE_HARDWARE", "pi4j-mock"));
        try {
            Instant deadline = Instant.now().plusSeconds(60);
            while (!Files.exists(root.resolve("var/lib/fablab/node/node.db")) && node.isAlive()
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            Thread.sleep(2_000);
            assertThat(node.isAlive()).as("the node keeps running").isTrue();
            assertThat(inRoot(List.of("stat", "-c", "%U", "/var/lib/fablab/node/node.db")).out().trim()).isEqualTo("fablab");
        } finally {
            stop(node);
        }
    }

    @Test
    @Order(5)
    void anUpgradeKeepsDataSecretsTheEnrollmentAndTheChangedConffile() throws Exception {
        String ledger = sha256(root.resolve("var/lib/fablab/gateway/fablab.db"));
        String outbox = sha256(root.resolve("var/lib/fablab/node/node.db"));
        String nodeConfig = sha256(root.resolve("etc/fablab/node/node.yaml"));
        String nodeKey = sha256(root.resolve("etc/fablab/node/node.key"));
        String signingKey = Files.readString(root.resolve("etc/fablab/gateway.key"));
        String version = inRoot(List.of("dpkg-query", "-W", "-f", "${Version}", "fablab-gateway")).out();
        String next = version + "+1";
        Path gatewayNext = withVersion(gatewayDeb, next);
        Path nodeNext = withVersion(nodeDeb, next);

        Result upgrade = inRoot(List.of("dpkg", "-i", "/tmp/" + gatewayNext.getFileName(), "/tmp/" + nodeNext.getFileName()));
        assertThat(upgrade.code()).as(upgrade.out() + upgrade.err()).isZero();

        assertThat(inRoot(List.of("dpkg-query", "-W", "-f", "${Version}\\n", "fablab-gateway", "fablab-node")).out())
                .isEqualTo(next + "\n" + next + "\n");
        assertThat(sha256(root.resolve("var/lib/fablab/gateway/fablab.db"))).isEqualTo(ledger);
        assertThat(sha256(root.resolve("var/lib/fablab/node/node.db"))).isEqualTo(outbox);
        assertThat(Files.readString(root.resolve("etc/fablab/gateway.key"))).isEqualTo(signingKey);
        assertThat(Files.readString(root.resolve("etc/fablab/gateway.yaml"))).isEqualTo(gatewayYaml);
        assertThat(sha256(root.resolve("etc/fablab/node/node.yaml"))).isEqualTo(nodeConfig);
        assertThat(sha256(root.resolve("etc/fablab/node/node.key"))).isEqualTo(nodeKey);
        assertThat(inRoot(List.of("stat", "-c", "%U:%G %a", "/etc/fablab/node")).out()).isEqualTo("fablab:fablab 750\n");
    }

    @Test
    @Order(6)
    void removeKeepsDataAndPurgeRemovesIt() throws Exception {
        assertThat(inRoot(List.of("dpkg", "--remove", "fablab-gateway", "fablab-node")).code()).isZero();
        assertThat(root.resolve("usr/share/fablab/fablab-gateway.jar")).doesNotExist();
        assertThat(root.resolve("var/lib/fablab/gateway/fablab.db")).exists();
        assertThat(root.resolve("etc/fablab/gateway.yaml")).exists();
        assertThat(root.resolve("etc/fablab/node/node.key")).exists();

        assertThat(inRoot(List.of("dpkg", "--purge", "fablab-gateway", "fablab-node")).code()).isZero();
        assertThat(root.resolve("var/lib/fablab")).doesNotExist();
        assertThat(root.resolve("etc/fablab")).doesNotExist();
        assertThat(inRoot(List.of("dpkg-query", "-W", "fablab-gateway")).code()).isNotZero();
    }

    /** {@code systemd-analyze verify} of the installed units, with the host's systemd (the root has none). */
    private static void verifyUnits() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))) {
            System.out.println("DebianPackagesIT: no /usr/bin/systemd-analyze on this host, units not verified");
            return;
        }
        Result verify = run(List.of("systemd-analyze", "verify", "--man=no",
                root.resolve("lib/systemd/system/fablab-gateway.service").toString(),
                root.resolve("lib/systemd/system/fablab-node.service").toString()));
        // The host's systemd checks the commands on the host: those the packages install are checked in the root.
        List<String> problems = verify.err().lines().filter(line -> {
            Matcher command = Pattern.compile("Command (\\S+) is not executable").matcher(line);
            return !(command.find() && Files.isExecutable(root.resolve(command.group(1).substring(1))));
        }).toList();
        assertThat(problems).isEmpty();
    }

    /** The unit's ExecStart (plus {@code extra}) in its WorkingDirectory as its User, inside the root. */
    private static Process startAsUnit(Unit unit, List<String> extra, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>(List.of("chroot", root.toString(), "setpriv", "--reuid=" + unit.user(),
                "--regid=" + unit.user(), "--init-groups", "sh", "-c", "cd \"$0\" && exec \"$@\"", unit.workingDirectory()));
        command.addAll(unit.execStart());
        command.addAll(extra);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        builder.environment().put("LANG", "C.UTF-8");
        builder.environment().putAll(environment);
        Process process = builder.start();
        Thread output = new Thread(() -> {
            try {
                process.getInputStream().transferTo(System.out);
            } catch (IOException e) {
                // the process ended
            }
        });
        output.setDaemon(true);
        output.start();
        return process;
    }

    private static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
    }

    private static int health(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The same package with a higher version: what the next release's upgrade does to an installed one. */
    private static Path withVersion(Path deb, String version) throws Exception {
        Path tree = Files.createTempDirectory("fablab-deb-");
        try {
            ok(List.of("dpkg-deb", "-R", deb.toString(), tree.toString()), Duration.ofMinutes(2));
            Path control = tree.resolve("DEBIAN/control");
            Files.writeString(control, Files.readString(control).replaceFirst("(?m)^Version: .*$", "Version: " + version));
            Path next = root.resolve("tmp/" + deb.getFileName().toString().replaceFirst("_[^_]+_all", "_" + version + "_all"));
            // uncompressed: the test's build, not a release, and xz on a 50 MB jar takes a minute
            ok(List.of("dpkg-deb", "--root-owner-group", "-Znone", "-b", tree.toString(), next.toString()),
                    Duration.ofMinutes(5));
            return next;
        } finally {
            removeTree(tree);
        }
    }

    private static Path builtDeb(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.toString().endsWith("_all.deb"))
                    .findFirst().orElseThrow(() -> new AssertionError("no target/" + prefix + "*_all.deb: run mvn package"));
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        ok(List.of("sh", "-c", "cp -n \"$0\"/*.deb \"$1\"/ 2>/dev/null || true", from.toString(), to.toString()),
                Duration.ofMinutes(2));
    }

    private static void removeTree(Path tree) throws Exception {
        // --one-file-system: a mount left inside (proc) is never descended into
        ok(List.of("rm", "-rf", "--one-file-system", tree.toString()), Duration.ofMinutes(2));
    }

    private static Result inRoot(List<String> command) throws Exception {
        return run(chrootCommand(command));
    }

    private static List<String> chrootCommand(List<String> command) {
        List<String> full = new ArrayList<>(List.of("chroot", root.toString()));
        full.addAll(command);
        return full;
    }

    private static void ok(List<String> command, Duration timeout) throws Exception {
        Result result = run(command, timeout);
        assertThat(result.code()).as(String.join(" ", command) + "\n" + result.out() + result.err()).isZero();
    }

    private static Result run(List<String> command) throws Exception {
        return run(command, Duration.ofMinutes(2));
    }

    private static Result run(List<String> command, Duration timeout) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        builder.environment().put("LANG", "C.UTF-8");
        builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        Path out = Files.createTempFile("fablab-it-", ".out");
        Path err = Files.createTempFile("fablab-it-", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    record Result(int code, String out, String err) {
    }

    /** The keys of a unit file this test runs by: continuation lines joined, ExecStart split on blanks. */
    record Unit(List<String> execStart, String user, String workingDirectory, List<String> supplementaryGroups) {
        static Unit read(Path file) throws IOException {
            String text = Files.readString(file).replace("\\\n", " ");
            return new Unit(Arrays.asList(value(text, "ExecStart").split("\\s+")), value(text, "User"),
                    value(text, "WorkingDirectory"), optional(text, "SupplementaryGroups").map(groups -> Arrays.asList(
                            groups.split("\\s+"))).orElse(List.of()));
        }

        private static String value(String text, String key) {
            return optional(text, key).orElseThrow(() -> new AssertionError("no " + key + "= in the unit"));
        }

        private static Optional<String> optional(String text, String key) {
            return text.lines().filter(line -> line.startsWith(key + "=")).findFirst()
                    .map(line -> line.substring(key.length() + 1).trim());
        }
    }
}
