package org.fablab.node.adapter.keyboard;

import java.util.function.Consumer;

/** Turns the bytes a keyboard-wedge reader produces into typed lines (one badge each). Not thread-safe. */
public interface KeyDecoder {
    void feed(byte[] bytes, int length, Consumer<String> lines);

    /** Text as typed on a terminal (stdin): ASCII, one badge per line, CR and LF both end a line. */
    static KeyDecoder textLines() {
        StringBuilder line = new StringBuilder();
        return (bytes, length, lines) -> {
            for (int i = 0; i < length; i++) {
                char c = (char) (bytes[i] & 0xff);
                if (c == '\n' || c == '\r') {
                    if (!line.isEmpty()) {
                        lines.accept(line.toString());
                        line.setLength(0);
                    }
                } else if (line.length() < EvdevDecoder.MAX_LINE) {
                    line.append(c);
                }
            }
        };
    }
}
