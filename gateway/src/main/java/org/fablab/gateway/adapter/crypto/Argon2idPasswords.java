package org.fablab.gateway.adapter.crypto;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import org.fablab.gateway.port.PasswordHasher;

/**
 * Argon2id through Password4j, with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): slow
 * enough to make guessing expensive, small enough for a Raspberry Pi gateway. Hashes are PHC strings, so
 * stronger settings can be introduced later while old hashes still verify.
 */
public final class Argon2idPasswords implements PasswordHasher {
    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);

    @Override
    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    @Override
    public boolean matches(String password, String hash) {
        try {
            return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException unreadable) {
            return false;
        }
    }
}
