package org.fablab.gateway.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.fablab.protocol.WireNames;

/**
 * What a node's next badge reads mean besides access: {@code enroll} attaches the next unknown badge to
 * a member; {@code train} certifies the member a trainer vouches for at the machine. Modes end on their
 * own at {@code until}, so a forgotten one cannot linger.
 *
 * @param setBy the account that set it, named in the audit log of what it does
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NodeMode(String nodeId, Kind mode, Instant until, String memberId, String trainingId, String setBy) {

    public enum Kind implements WireNames.Named {
        NORMAL,
        ENROLL,
        TRAIN;

        @JsonCreator
        public static Kind fromWire(String wire) {
            return WireNames.parse(Kind.class, "mode", wire);
        }
    }

    public static NodeMode normal(String nodeId) {
        return new NodeMode(nodeId, Kind.NORMAL, null, null, null, null);
    }

    public boolean activeAt(Instant now) {
        return mode != Kind.NORMAL && now.isBefore(until);
    }
}
