package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private final TrustedProxies balancers = TrustedProxies.parse(List.of("10.0.0.2", "10.0.1.0/24", "fd00::/8"));

    @Test
    void aTrustedPeer_namesTheRightmostAddressThatIsNotItselfTrusted() {
        assertThat(balancers.client("10.0.0.2", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(balancers.client("10.0.0.2", List.of("198.51.100.1, 203.0.113.7, 10.0.1.5")))
                .isEqualTo("203.0.113.7");
    }

    @Test
    void whatTheClientWroteLeftOfTheFirstUntrustedAddress_isIgnored() {
        assertThat(balancers.client("10.0.0.2", List.of("10.0.0.2, 203.0.113.7"))).isEqualTo("203.0.113.7");
    }

    @Test
    void severalHeaderLines_areOneList() {
        assertThat(balancers.client("10.0.0.2", List.of("203.0.113.7", "198.51.100.9, 10.0.1.5")))
                .isEqualTo("198.51.100.9");
    }

    @Test
    void anUntrustedPeer_isTheClient_whateverItsHeaderSays() {
        assertThat(balancers.client("198.51.100.66", List.of("203.0.113.7"))).isEqualTo("198.51.100.66");
        assertThat(TrustedProxies.NONE.client("10.0.0.2", List.of("203.0.113.7"))).isEqualTo("10.0.0.2");
    }

    @Test
    void aTrustedPeer_withoutHeader_orWithOnlyTrustedHops_namesTheFarthestOne() {
        assertThat(balancers.client("10.0.0.2", List.of())).isEqualTo("10.0.0.2");
        assertThat(balancers.client("10.0.0.2", List.of("10.0.1.9, 10.0.1.5"))).isEqualTo("10.0.1.9");
    }

    @Test
    void ipv6_inRangesPeersAndHeaders_inOneSpellingPerAddress() {
        assertThat(balancers.client("fd00:0:0:0:0:0:0:2", List.of("2001:DB8:0::1"))).isEqualTo("2001:db8::1");
        assertThat(balancers.client("fd00::2", List.of("[2001:db8::1]:4711"))).isEqualTo("2001:db8::1");
        assertThat(balancers.client("::ffff:10.0.0.2", List.of("203.0.113.7:5555"))).isEqualTo("203.0.113.7");
        assertThat(balancers.client("2001:db8::9", List.of("203.0.113.7"))).isEqualTo("2001:db8::9");
    }

    @Test
    void aHopThatIsNotAnAddress_stopsAtTheLastTrustedOne() {
        assertThat(balancers.client("10.0.0.2", List.of("203.0.113.7, unknown"))).isEqualTo("10.0.0.2");
        assertThat(balancers.client("10.0.0.2", List.of("203.0.113.7, 10.0.1.5, evil.example.org")))
                .isEqualTo("10.0.0.2");
        assertThat(balancers.client("10.0.0.2", List.of("203.0.113.7,"))).isEqualTo("10.0.0.2");
        assertThat(balancers.client("10.0.0.2", List.of("999.0.113.7"))).isEqualTo("10.0.0.2");
        assertThat(balancers.client("10.0.0.2", List.of("[2001:db8::1"))).isEqualTo("10.0.0.2");
    }

    @Test
    void forwardedHttps_countsFromATrustedPeerOnly() {
        assertThat(balancers.https("10.0.0.2", false, "https")).isTrue();
        assertThat(balancers.https("10.0.0.2", false, "http, https")).isTrue();
        assertThat(balancers.https("10.0.0.2", false, "https, http")).isFalse();
        assertThat(balancers.https("198.51.100.66", false, "https")).isFalse();
        assertThat(balancers.https("198.51.100.66", true, null)).isTrue();
        assertThat(balancers.https("10.0.0.2", false, null)).isFalse();
    }

    @Test
    void rangesMatchTheirPrefixOnly() {
        TrustedProxies odd = TrustedProxies.parse(List.of("10.0.0.128/25", "0.0.0.0/0"));
        assertThat(odd.trusts("8.8.8.8")).isTrue();
        TrustedProxies half = TrustedProxies.parse(List.of("10.0.0.128/25"));
        assertThat(half.trusts("10.0.0.200")).isTrue();
        assertThat(half.trusts("10.0.0.127")).isFalse();
        assertThat(half.trusts("::ffff:10.0.0.200")).isTrue();
        assertThat(balancers.trusts("fe80::1")).isFalse();
        assertThat(balancers.trusts("localhost")).isFalse();
    }

    @Test
    void entriesThatAreNotAddressesOrRanges_areRefusedByName() {
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.2", "balancer.lab")))
                .hasMessageContaining("'balancer.lab' is not an IP address");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33"))).hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("fd00::/129"))).hasMessageContaining("0 to 128");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/x"))).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of(""))).hasMessageContaining("not an IP address");
    }
}
