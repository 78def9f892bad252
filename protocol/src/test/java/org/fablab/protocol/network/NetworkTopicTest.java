package org.fablab.protocol.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fablab.protocol.Channel;
import org.fablab.protocol.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkTopicTest {

    @ParameterizedTest
    @EnumSource(NetworkChannel.class)
    void of_parsesWhatToStringBuilds(NetworkChannel channel) {
        NetworkTopic topic = NetworkTopic.of("lab-a", "lab-b", channel);

        assertThat(NetworkTopic.of(topic.toString())).isEqualTo(topic);
        assertThat(topic.toString()).isEqualTo("fablab/v1/network/lab-a/lab-b/" + channel.suffix());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fablab/v1/network/", "fablab/v1/network/a/b", "fablab/v1/network/a/b/passes/x",
            "fablab/v1/network/a/b/acl", "fablab/v1/network/A/b/passes", "fablab/v1/network/+/b/passes",
            "fablab/v1/network/a/a/passes", "fablab/v1/a/nodes/n/events", "fablab/v1/network//b/passes"})
    void of_invalidString_throwsWithTheReason(String topic) {
        assertThatThrownBy(() -> NetworkTopic.of(topic)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("(?s).*(topic|from|to|channel|itself).*");
    }

    @Test
    void filters_coverOneDirectionOrEveryPartner() {
        assertThat(NetworkTopic.fromTo("lab-a", "lab-b")).isEqualTo("fablab/v1/network/lab-a/lab-b/#");
        assertThat(NetworkTopic.toLab("lab-b")).isEqualTo("fablab/v1/network/+/lab-b/#");
        assertThat(NetworkTopic.fromLab("lab-a")).isEqualTo("fablab/v1/network/lab-a/+/#");
    }

    @Test
    void onlyPassesAreRetained() {
        assertThat(NetworkChannel.PASSES.retained()).isTrue();
        assertThat(NetworkChannel.RECEIPTS.retained()).isFalse();
        assertThat(NetworkChannel.SETTLEMENTS.retained()).isFalse();
    }

    @Test
    void nodeTopics_refuseTheLabIdReservedForTheNetwork() {
        assertThatThrownBy(() -> Topic.of("network", "n", Channel.EVENTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> Topic.of("fablab/v1/network/nodes/n/events"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }
}
