package org.fablab.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicTest {

    @ParameterizedTest
    @EnumSource(Channel.class)
    void of_parsesWhatToStringBuilds(Channel channel) {
        Topic topic = Topic.of("my-lab", "laser-1", channel);

        assertThat(Topic.of(topic.toString())).isEqualTo(topic);
        assertThat(topic.toString()).isEqualTo("fablab/v1/my-lab/nodes/laser-1/" + channel.suffix());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fablab/v1/", "fablab/v2/lab/nodes/n/events", "fablab/v1/lab/nodes/n",
            "fablab/v1/lab/machines/n/events", "fablab/v1/Lab/nodes/n/events", "fablab/v1/lab/nodes/-n/events",
            "fablab/v1/lab/nodes/n/events/extra", "fablab/v1/lab/nodes/n/auth", "fablab/v1/lab/nodes/+/events",
            "fablab/v1/lab/nodes//events"})
    void of_invalidString_throwsWithTheReason(String topic) {
        assertThatThrownBy(() -> Topic.of(topic)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("(?s).*(topic|lab|node|channel).*");
    }

    @Test
    void of_nodeLongerThan63Characters_throws() {
        assertThatThrownBy(() -> Topic.of("lab", "n".repeat(64), Channel.EVENTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node");
    }

    @Test
    void filters_coverEveryNodeOfALab() {
        assertThat(Topic.filterAllNodes("lab", Channel.EVENTS)).isEqualTo("fablab/v1/lab/nodes/+/events");
        assertThat(Topic.sharedFilterAllNodes("gw", "lab", Channel.EVENTS))
                .isEqualTo("$share/gw/fablab/v1/lab/nodes/+/events");
    }

    @Test
    void channels_onlyStatusAndAclAreRetained() {
        assertThat(Channel.values()).filteredOn(Channel::retained).containsExactly(Channel.STATUS, Channel.ACL);
    }
}
