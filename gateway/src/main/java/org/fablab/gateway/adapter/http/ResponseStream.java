package org.fablab.gateway.adapter.http;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A chunked HTTP response as a blocking {@link OutputStream} for a worker thread, with back-pressure: while the
 * connection's write queue is full (the client reads slower than the worker writes) the worker waits for it to
 * drain, so a large download never piles up in memory. Fails with an {@link IOException} once the client has gone
 * or has read nothing for {@link #STALL_SECONDS}. Bytes are sent in chunks of {@link #CHUNK_BYTES}; not thread-safe.
 */
final class ResponseStream extends OutputStream {
    static final int CHUNK_BYTES = 64 * 1024;
    private static final long STALL_SECONDS = 120;

    private final Context context;
    private final HttpServerResponse response;
    private final byte[] buffer = new byte[CHUNK_BYTES];
    private final CompletableFuture<Void> gone = new CompletableFuture<>();
    private int filled;
    private boolean started;

    /** Call on the response's event loop, before handing the stream to a worker. */
    ResponseStream(Context context, HttpServerResponse response) {
        this.context = context;
        this.response = response;
        response.closeHandler(v -> gone.complete(null));
    }

    /** Whether any byte has been handed to the response: after that its status can no longer change. */
    boolean started() {
        return started;
    }

    @Override
    public void write(int b) throws IOException {
        if (filled == buffer.length) {
            flush();
        }
        buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (filled == buffer.length) {
                flush();
            }
            int n = Math.min(length, buffer.length - filled);
            System.arraycopy(bytes, offset, buffer, filled, n);
            filled += n;
            offset += n;
            length -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        if (filled == 0) {
            return;
        }
        awaitRoom();
        started = true;
        response.write(Buffer.buffer().appendBytes(buffer, 0, filled));
        filled = 0;
    }

    private void awaitRoom() throws IOException {
        if (gone.isDone()) {
            throw new IOException("the client closed the connection");
        }
        if (!response.writeQueueFull()) {
            return;
        }
        CompletableFuture<Void> room = new CompletableFuture<>();
        // checked again on the event loop, where the drain handler runs, so a drain cannot slip in between
        context.runOnContext(v -> {
            if (response.writeQueueFull()) {
                response.drainHandler(d -> room.complete(null));
            } else {
                room.complete(null);
            }
        });
        try {
            CompletableFuture.anyOf(room, gone).get(STALL_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the client was slow");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the client read nothing for " + STALL_SECONDS + " s", e);
        }
        if (!room.isDone()) {
            throw new IOException("the client closed the connection");
        }
    }
}
