package org.fablab.gateway.port;

/** A slow, salted password hash in a self-describing text form (PHC string). Thread-safe; CPU-heavy: call off the event loop. */
public interface PasswordHasher {
    String hash(String password);

    /** False for a wrong password and for a hash this hasher cannot read. */
    boolean matches(String password, String hash);
}
