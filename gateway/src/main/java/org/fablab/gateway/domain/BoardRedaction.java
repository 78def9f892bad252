package org.fablab.gateway.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the board shows to a client that may not read sessions (anonymous, maker, trainer): the machine
 * cards with their state, node and ACL age, and of a running session when it started (so the board says since
 * when the machine is in use) and at most the name allowed by {@link PublicName}, none at all with
 * {@link PublicName#NONE}; never the member id, the session id or its meters. A pure view applied where the board
 * is served and streamed; the {@link LiveBoard} itself keeps everything.
 */
public record BoardRedaction(PublicName publicName) {
    public BoardRedaction {
        if (publicName == null) {
            throw new IllegalArgumentException("board.publicName is missing");
        }
    }

    public List<MachineView> publicView(List<MachineView> board) {
        return board.stream().map(this::publicView).toList();
    }

    public MachineView publicView(MachineView card) {
        MachineView.ActiveSession session = card.session();
        MachineView.ActiveSession shown = session == null ? null
                : new MachineView.ActiveSession(null, name(session.memberName()), session.startedAt());
        return card.withSession(shown);
    }

    /** The shown part of a display name, or null for a badge the gateway does not know. */
    String name(String displayName) {
        if (displayName == null || displayName.isBlank()) {
            return null;
        }
        String[] words = displayName.strip().split("\\s+");
        return switch (publicName) {
            case FIRST_NAME -> words[0];
            case INITIALS -> Arrays.stream(words)
                    .map(w -> new String(Character.toChars(w.codePointAt(0))).toUpperCase(Locale.ROOT) + ".")
                    .collect(Collectors.joining(" "));
            case NONE -> null;
        };
    }
}
