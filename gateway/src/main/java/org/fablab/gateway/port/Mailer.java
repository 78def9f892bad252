package org.fablab.gateway.port;

/** Sends one plain-text e-mail. Blocking (network): call from a worker thread, never the event loop. Thread-safe. */
public interface Mailer {

    /** @throws MailFailure when the mail server refused or could not be reached; nothing was sent then */
    void send(String to, String subject, String text);

    /** Sending failed; the message says why, for the admin (never a password). */
    final class MailFailure extends RuntimeException {
        public MailFailure(String why, Throwable cause) {
            super(why, cause);
        }
    }
}
