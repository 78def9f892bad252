package org.fablab.gateway.adapter.http;

import java.util.concurrent.atomic.AtomicInteger;
import org.fablab.gateway.adapter.crypto.Argon2idPasswords;
import org.fablab.gateway.port.PasswordHasher;

/** The real Argon2id hasher, counting how many hashes ran at the same time at most. */
final class CountingPasswords implements PasswordHasher {
    private final PasswordHasher real = new Argon2idPasswords();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    @Override
    public String hash(String password) {
        enter();
        try {
            return real.hash(password);
        } finally {
            running.decrementAndGet();
        }
    }

    @Override
    public boolean matches(String password, String hash) {
        enter();
        try {
            return real.matches(password, hash);
        } finally {
            running.decrementAndGet();
        }
    }

    int mostAtOnce() {
        return mostAtOnce.get();
    }

    private void enter() {
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
    }
}
