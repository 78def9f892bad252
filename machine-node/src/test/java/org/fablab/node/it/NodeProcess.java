package org.fablab.node.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.fablab.node.app.MachineNode;
import org.fablab.node.app.NodeConfigLoader;
import org.fablab.node.app.NodeHardware;

/**
 * A node with simulated hardware in its own JVM, for the crash test: {@code NodeProcess CONFIG}. Prints
 * {@code started} once booted, then reads lines {@code present TYPE RAW-ID} from stdin and presents them.
 */
public final class NodeProcess {
    private NodeProcess() {
    }

    public static void main(String[] args) throws Exception {
        NodeHardware hardware = NodeHardware.simulated();
        MachineNode node = MachineNode.start(NodeConfigLoader.load(Path.of(args[0]), System.getenv()), hardware,
                Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
        System.out.println("started");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            if (words.length == 3 && words[0].equals("present")) {
                hardware.simulatedReader().present(words[1], words[2]);
            }
        }
        Thread.currentThread().join();
    }
}
