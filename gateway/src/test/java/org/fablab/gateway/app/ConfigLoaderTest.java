package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.fablab.gateway.billing.Issuer;
import org.fablab.gateway.domain.PublicName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final Map<String, String> MINIMAL_ENV = Map.of(
            "FABLAB_LAB", "my-lab",
            "FABLAB_KEYS_GATEWAY_PRIVATE_KEY", "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
            "FABLAB_KEYS_LAB_PEPPER", "000102030405060708090a0b0c0d0e0f");

    @TempDir
    Path folder;

    private Path file(String yaml) throws IOException {
        Path file = folder.resolve("gateway.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void environmentAlone_givesTheDocumentedDefaults() {
        GatewayConfig config = ConfigLoader.load(Optional.empty(), MINIMAL_ENV);

        assertThat(config.lab()).isEqualTo("my-lab");
        assertThat(config.http().host()).isEqualTo("127.0.0.1");
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.mqtt().mode()).isEqualTo(GatewayConfig.MqttMode.EMBEDDED);
        assertThat(config.mqtt().effectiveUrl()).isEqualTo("tcp://127.0.0.1:1884");
        assertThat(config.store().url()).isEqualTo("jdbc:sqlite:data/fablab.db");
        assertThat(config.ingest().maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.board().publicName()).isEqualTo(PublicName.FIRST_NAME);
    }

    @Test
    void enrollment_handsNodesTheGatewaysBrokerByDefault_andChecksItsOwnSettings() {
        GatewayConfig defaults = ConfigLoader.load(Optional.empty(), MINIMAL_ENV);
        assertThat(defaults.enrollment().nodeBrokerUrl(defaults.mqtt())).isEqualTo("tcp://127.0.0.1:1884");
        assertThat(defaults.enrollment().caCertificate()).isEmpty();
        GatewayConfig set = ConfigLoader.load(Optional.empty(), merge(MINIMAL_ENV,
                Map.of("FABLAB_ENROLLMENT_BROKER_URL", "ssl://gateway.lab:8883")));
        assertThat(set.enrollment().nodeBrokerUrl(set.mqtt())).isEqualTo("ssl://gateway.lab:8883");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), merge(MINIMAL_ENV, Map.of(
                "FABLAB_ENROLLMENT_BROKER_URL", "gateway.lab",
                "FABLAB_ENROLLMENT_CA_CERTIFICATE_FILE", folder.resolve("missing-ca.pem").toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("enrollment.brokerUrl: 'gateway.lab' must look like")
                .hasMessageContaining("enrollment.caCertificateFile: cannot read");
    }

    @Test
    void invoiceIssuer_takesSiretVatNumberAndTerms_andRefusesAMalformedSiretOrVatNumber() {
        GatewayConfig config = ConfigLoader.load(Optional.empty(), merge(MINIMAL_ENV, Map.of(
                "FABLAB_BILLING_SIRET", "123 456 789 00012", "FABLAB_BILLING_VAT_NUMBER", "FR 12345678901",
                "FABLAB_BILLING_PAYMENT_TERMS", "Payable sous 30 jours.")));
        assertThat(config.billing().invoiceIssuer(config.lab())).isEqualTo(new Issuer(config.lab(), "12345678900012",
                "FR12345678901", "Payable sous 30 jours."));

        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), merge(MINIMAL_ENV, Map.of(
                "FABLAB_BILLING_SIRET", "1234", "FABLAB_BILLING_VAT_NUMBER", "12345"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("billing.siret: '1234' must be the 14 digits of a SIRET")
                .hasMessageContaining("billing.vatNumber: '12345' must be a VAT number");
    }

    @Test
    void network_isOffWithoutAPepper_takesItFromTheEnvironment_andRefusesBadSettingsByName() {
        GatewayConfig defaults = ConfigLoader.load(Optional.empty(), MINIMAL_ENV);
        assertThat(defaults.network().enabled()).isFalse();
        assertThat(Secrets.networkPepper(defaults.network())).isEmpty();
        assertThat(defaults.network().passValidity()).isEqualTo(Duration.ofHours(24));

        GatewayConfig networked = ConfigLoader.load(Optional.empty(), merge(MINIMAL_ENV,
                Map.of("FABLAB_NETWORK_PEPPER", "ab".repeat(16))));
        assertThat(Secrets.networkPepper(networked.network())).hasValueSatisfying(
                pepper -> assertThat(pepper).hasSize(16));
        assertThat(networked.network().toString()).doesNotContain("ab".repeat(16));

        assertThatThrownBy(() -> Secrets.networkPepper(ConfigLoader.load(Optional.empty(), merge(MINIMAL_ENV,
                Map.of("FABLAB_NETWORK_PEPPER", "abcd"))).network()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("network.pepper");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), merge(MINIMAL_ENV,
                Map.of("FABLAB_NETWORK_PASS_VALIDITY", "PT10M"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("network.passValidity");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), merge(MINIMAL_ENV,
                Map.of("FABLAB_NETWORK_PEPPER", "ab".repeat(16), "FABLAB_NETWORK_PEPPER_FILE", "/etc/pepper"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("network.pepperFile");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), merge(MINIMAL_ENV,
                Map.of("FABLAB_LAB", "network"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("reserved");
    }

    @Test
    void currency_isAKnownIso4217Code() {
        assertThat(ConfigLoader.load(Optional.empty(), merge(MINIMAL_ENV, Map.of("FABLAB_BILLING_CURRENCY", "CHF")))
                .billing().currency()).isEqualTo("CHF");

        for (String code : new String[] {"XYZ", "eur"}) {
            assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), merge(MINIMAL_ENV, Map.of(
                    "FABLAB_BILLING_CURRENCY", code))))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("billing.currency: '" + code + "' must be an ISO 4217 code such as EUR");
        }
    }

    @Test
    void mail_isOffByDefault_takesItsPasswordFromTheEnvironment_andNamesEachMissingSetting() throws IOException {
        assertThat(ConfigLoader.load(Optional.empty(), MINIMAL_ENV).mail().enabled()).isFalse();
        Path file = file("mail:\n  host: smtp.example.org\n  tls: tls\n  port: 465\n  username: lab\n"
                + "  from: fablab@example.org\n  publicUrl: https://fablab.example.org\n");
        GatewayConfig config = ConfigLoader.load(Optional.of(file), merge(MINIMAL_ENV,
                Map.of("FABLAB_MAIL_PASSWORD", "smtp secret")));
        assertThat(config.mail().enabled()).isTrue();
        assertThat(config.mail().tls()).isEqualTo(GatewayConfig.MailTls.TLS);
        assertThat(config.mail().password()).isEqualTo("smtp secret");
        assertThat(config.mail().toString()).doesNotContain("smtp secret");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), merge(MINIMAL_ENV, Map.of(
                "FABLAB_MAIL_HOST", "smtp.example.org", "FABLAB_MAIL_USERNAME", "lab"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mail.from:")
                .hasMessageContaining("mail.publicUrl: must be set when mail.host is")
                .hasMessageContaining("mail.username and mail.password: give both or neither");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), merge(MINIMAL_ENV, Map.of(
                "FABLAB_MAIL_TLS", "ssl"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mail.tls")
                .hasMessageContaining("'none', 'starttls' or 'tls'");
    }

    @Test
    void boardPublicName_isSetByEnvironment_andAnUnknownOneNamesTheFieldAndTheChoices() {
        assertThat(ConfigLoader.load(Optional.empty(), merge(MINIMAL_ENV, Map.of("FABLAB_BOARD_PUBLIC_NAME", "none")))
                .board().publicName()).isEqualTo(PublicName.NONE);
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(),
                merge(MINIMAL_ENV, Map.of("FABLAB_BOARD_PUBLIC_NAME", "full-name"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("board.publicName")
                .hasMessageContaining("first-name, initials, none");
    }

    @Test
    void environment_overridesTheFile() throws IOException {
        Path file = file("http:\n  port: 9000\nmqtt:\n  mode: external\n  url: ssl://broker:8883\n");

        GatewayConfig config = ConfigLoader.load(Optional.of(file),
                merge(MINIMAL_ENV, Map.of("FABLAB_HTTP_PORT", "9100", "FABLAB_MQTT_EMBEDDED_PORT", "1999")));

        assertThat(config.http().port()).isEqualTo(9100);
        assertThat(config.mqtt().mode()).isEqualTo(GatewayConfig.MqttMode.EXTERNAL);
        assertThat(config.mqtt().effectiveUrl()).isEqualTo("ssl://broker:8883");
        assertThat(config.mqtt().embeddedPort()).isEqualTo(1999);
    }

    @Test
    void trustedProxies_areNoneByDefault_aListInTheFile_commaSeparatedInTheEnvironment() throws IOException {
        assertThat(ConfigLoader.load(Optional.empty(), MINIMAL_ENV).http().trustedProxies()).isEmpty();
        Path list = file("http:\n  trustedProxies: [10.0.0.2, 'fd00::/8']\n");
        assertThat(ConfigLoader.load(Optional.of(list), MINIMAL_ENV).http().proxies().trusts("fd00::5")).isTrue();
        Path one = file("http:\n  trustedProxies: 10.0.0.2\n");
        assertThat(ConfigLoader.load(Optional.of(one), MINIMAL_ENV).http().trustedProxies()).containsExactly("10.0.0.2");
        Path none = file("http:\n  trustedProxies:\n");
        assertThat(ConfigLoader.load(Optional.of(none), MINIMAL_ENV).http().trustedProxies()).isEmpty();

        GatewayConfig env = ConfigLoader.load(Optional.of(list), merge(MINIMAL_ENV,
                Map.of("FABLAB_HTTP_TRUSTED_PROXIES", " 10.0.0.3 ,10.0.1.0/24")));
        assertThat(env.http().trustedProxies()).containsExactly("10.0.0.3", "10.0.1.0/24");
        assertThat(ConfigLoader.load(Optional.of(list), merge(MINIMAL_ENV,
                Map.of("FABLAB_HTTP_TRUSTED_PROXIES", ""))).http().trustedProxies()).isEmpty();
    }

    @Test
    void aTrustedProxyThatIsNotAnAddressOrRange_isNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), merge(MINIMAL_ENV,
                Map.of("FABLAB_HTTP_TRUSTED_PROXIES", "10.0.0.2,balancer.lab"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.trustedProxies: 'balancer.lab' is not an IP address")
                .hasMessageContaining("FABLAB_HTTP_TRUSTED_PROXIES");
    }

    @Test
    void misspelledSetting_isNamedWithTheKnownOnes() throws IOException {
        Path file = file("http:\n  prot: 9000\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), MINIMAL_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.prot: unknown setting")
                .hasMessageContaining("port");
    }

    @Test
    void wrongType_namesTheField() throws IOException {
        Path file = file("http:\n  port: eighty\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), MINIMAL_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port");
    }

    @Test
    void everyProblem_isReportedAtOnce() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("FABLAB_HTTP_PORT", "70000",
                "FABLAB_MQTT_MODE", "external")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("lab:"))
                        .anySatisfy(p -> assertThat(p).startsWith("http.port:"))
                        .anySatisfy(p -> assertThat(p).startsWith("mqtt.url:"))
                        .anySatisfy(p -> assertThat(p).startsWith("keys.gatewayPrivateKey:"))
                        .anySatisfy(p -> assertThat(p).startsWith("keys.labPepper:")));
    }

    @Test
    void invalidYaml_isReportedWithTheFileName() throws IOException {
        Path file = file("http: [unclosed\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), MINIMAL_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.yaml is not valid YAML");
    }

    @Test
    void missingFile_isReported() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(folder.resolve("nope.yaml")), MINIMAL_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void passwords_neverAppearInToString() {
        GatewayConfig config = ConfigLoader.load(Optional.empty(),
                merge(MINIMAL_ENV, Map.of("FABLAB_MQTT_PASSWORD", "s3cret-pw", "FABLAB_STORE_PASSWORD", "db-s3cret")));

        assertThat(config.toString()).doesNotContain("s3cret-pw").doesNotContain("db-s3cret")
                .doesNotContain("AQEBAQEBAQEB");
    }

    @Test
    void dynsecAdministration_withoutTheAdminLogin_isRefused_andItsPasswordNeverShows() {
        Map<String, String> external = merge(MINIMAL_ENV, Map.of("FABLAB_MQTT_MODE", "external",
                "FABLAB_MQTT_URL", "tcp://127.0.0.1:1883", "FABLAB_MQTT_BROKER_ADMIN", "dynsec"));
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), external))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("mqtt.adminUsername and mqtt.adminPassword:")));

        GatewayConfig config = ConfigLoader.load(Optional.empty(), merge(external, Map.of(
                "FABLAB_MQTT_ADMIN_USERNAME", "fablab-admin", "FABLAB_MQTT_ADMIN_PASSWORD", "adm1n-s3cret")));
        assertThat(config.mqtt().brokerAdmin()).isEqualTo(GatewayConfig.BrokerAdmin.DYNSEC);
        assertThat(config.toString()).doesNotContain("adm1n-s3cret");
    }

    @Test
    void envName_splitsCamelCase() {
        assertThat(ConfigLoader.envName("mqtt.embeddedPort")).isEqualTo("FABLAB_MQTT_EMBEDDED_PORT");
    }

    @Test
    void environmentNames_doNotDependOnTheDefaultLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            GatewayConfig config = ConfigLoader.load(Optional.empty(), merge(MINIMAL_ENV,
                    Map.of("FABLAB_TIME_ZONE", "Europe/Istanbul", "FABLAB_BILLING_ISSUER", "Istanbul Fablab")));

            assertThat(config.timeZone()).isEqualTo("Europe/Istanbul");
            assertThat(config.billing().issuer()).isEqualTo("Istanbul Fablab");
            assertThat(ConfigLoader.envName("keys.gatewayPrivateKey")).isEqualTo("FABLAB_KEYS_GATEWAY_PRIVATE_KEY");
        } finally {
            Locale.setDefault(before);
        }
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        var merged = new java.util.HashMap<>(a);
        merged.putAll(b);
        return merged;
    }
}
