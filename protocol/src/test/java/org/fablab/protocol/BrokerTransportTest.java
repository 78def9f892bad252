package org.fablab.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrokerTransportTest {
    @TempDir
    Path folder;

    @ParameterizedTest
    @CsvSource({
            "tcp://127.0.0.1:1883, false",
            "tcp://127.8.9.10:1883, false",
            "tcp://localhost:1884, false",
            "tcp://LOCALHOST:1884, false",
            "tcp://[::1]:1883, false",
            "ws://127.0.0.1:9001, false",
            "tcp://192.168.1.10:1883, true",
            "tcp://0.0.0.0:1883, true",
            "tcp://gw.lab.local:1883, true",
            "tcp://localhost.example.org:1883, true",
            "tcp://127.0.0.1.example.org:1883, true",
            "ws://10.0.0.1:9001, true",
            "ssl://192.168.1.10:8883, false",
            "wss://gw.lab.local:8884, false"})
    void plainMqttIsForLoopbackOnly(String url, boolean offLoopback) {
        assertThat(BrokerTransport.isPlainOffLoopback(url)).isEqualTo(offLoopback);
    }

    @Test
    void plainUrlsGetNoDelaySocketsAndTlsUrlsThePinnedCaOrTheJvmTrustStore() throws IOException {
        assertThat(BrokerTransport.socketFactory("tcp://127.0.0.1:1883", Optional.empty()))
                .containsSame(NoDelaySockets.forUrl("tcp://127.0.0.1:1883").orElseThrow());
        assertThat(BrokerTransport.socketFactory("ssl://gw.lab.local:8883", Optional.empty())).isEmpty();
        Path junk = Files.writeString(folder.resolve("ca.pem"), "not a certificate");
        assertThatThrownBy(() -> BrokerTransport.socketFactory("ssl://gw.lab.local:8883", Optional.of(junk)))
                .hasMessageStartingWith(junk + " is not a PEM certificate");
        Path empty = Files.writeString(folder.resolve("empty.pem"), "");
        assertThatThrownBy(() -> BrokerTransport.trusting(empty)).hasMessage(empty + " holds no certificate");
        assertThatThrownBy(() -> BrokerTransport.trusting(folder.resolve("missing.pem")))
                .hasMessageStartingWith("cannot read " + folder.resolve("missing.pem"));
    }
}
