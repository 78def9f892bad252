package org.fablab.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link GatewayInstance} in a child JVM, driven through its standard input and error. */
final class InstanceProcess implements AutoCloseable {
    /** What one {@code stats} command answered. */
    record Stats(long cpuNanos, long stored) {
    }

    private final Process process;
    private final PrintWriter commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    private InstanceProcess(Process process) {
        this.process = process;
        this.commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        Thread reader = new Thread(this::readAnswers, "instance-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the instance with {@code env} added to this process's environment, its log going to {@code log}. */
    static InstanceProcess start(Map<String, String> env, String maxHeap, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx" + maxHeap, "-cp",
                System.getProperty("java.class.path"), GatewayInstance.class.getName()));
        builder.environment().putAll(env);
        builder.redirectOutput(log.toFile());
        return new InstanceProcess(builder.start());
    }

    void awaitReady() {
        expect("ready", 180);
    }

    synchronized Stats stats() {
        commands.println("stats");
        String[] words = expect("stats", 60).split(" ");
        return new Stats(Long.parseLong(words[1]), Long.parseLong(words[2]));
    }

    synchronized void revoke(String memberId, String certificationId) {
        commands.println("revoke " + memberId + " " + certificationId);
        expect("revoked", 60);
    }

    @Override
    public synchronized void close() throws InterruptedException {
        commands.println("quit");
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroy();
        }
    }

    private String expect(String word, int seconds) {
        try {
            String answer = answers.poll(seconds, TimeUnit.SECONDS);
            if (answer == null || !answer.startsWith(word)) {
                throw new IllegalStateException("gateway instance " + process.pid() + " answered " + answer
                        + " instead of " + word + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")"));
            }
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void readAnswers() {
        try (BufferedReader errors = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line = errors.readLine(); line != null; line = errors.readLine()) {
                if (line.startsWith(GatewayInstance.ANSWER)) {
                    answers.add(line.substring(GatewayInstance.ANSWER.length()));
                } else {
                    System.err.println("[instance " + process.pid() + "] " + line);
                }
            }
        } catch (IOException e) {
            System.err.println("[instance " + process.pid() + "] " + e.getMessage());
        }
    }
}
