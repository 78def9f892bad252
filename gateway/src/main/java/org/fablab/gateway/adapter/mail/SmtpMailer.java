package org.fablab.gateway.adapter.mail;

import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;
import org.fablab.gateway.port.Mailer;

/**
 * {@link Mailer} over SMTP with Jakarta Mail (Eclipse Angus): plain SMTP, STARTTLS (required, never optional) or
 * implicit TLS, with the JVM's trust store and host name checking. Connecting and each exchange time out after
 * {@link #TIMEOUT_MILLIS}, so a dead server holds a worker thread for seconds, not forever.
 */
public final class SmtpMailer implements Mailer {
    static final int TIMEOUT_MILLIS = 15_000;

    /** How the connection to the server is protected. */
    public enum Security {
        NONE, STARTTLS, TLS
    }

    /**
     * @param username empty: no authentication
     * @param password never logged
     * @param from     the sender address, e.g. {@code fablab@example.org}
     */
    public record Settings(String host, int port, Security security, String username, String password, String from) {
        @Override
        public String toString() {
            return "Settings[host=" + host + ", port=" + port + ", security=" + security + ", username=" + username
                    + ", from=" + from + "]";
        }
    }

    private final Session session;
    private final InternetAddress from;
    private final Clock clock;

    public SmtpMailer(Settings settings, Clock clock) {
        this.clock = clock;
        Properties properties = new Properties();
        String protocol = settings.security() == Security.TLS ? "smtps" : "smtp";
        String prefix = "mail." + protocol + ".";
        properties.put("mail.transport.protocol", protocol);
        properties.put(prefix + "host", settings.host());
        properties.put(prefix + "port", Integer.toString(settings.port()));
        properties.put(prefix + "connectiontimeout", Integer.toString(TIMEOUT_MILLIS));
        properties.put(prefix + "timeout", Integer.toString(TIMEOUT_MILLIS));
        properties.put(prefix + "writetimeout", Integer.toString(TIMEOUT_MILLIS));
        if (settings.security() != Security.NONE) {
            properties.put(prefix + "ssl.checkserveridentity", "true");
        }
        if (settings.security() == Security.STARTTLS) {
            properties.put(prefix + "starttls.enable", "true");
            properties.put(prefix + "starttls.required", "true");
        }
        boolean authenticate = !settings.username().isBlank();
        properties.put(prefix + "auth", Boolean.toString(authenticate));
        this.session = Session.getInstance(properties, authenticate ? new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(settings.username(), settings.password());
            }
        } : null);
        try {
            this.from = new InternetAddress(settings.from(), true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("mail.from: '" + settings.from() + "' is not an e-mail address", e);
        }
    }

    @Override
    public void send(String to, String subject, String text) {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(from);
            message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to, true));
            message.setSubject(subject, StandardCharsets.UTF_8.name());
            message.setText(text, StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(clock.instant()));
            Transport.send(message);
        } catch (MessagingException e) {
            throw new MailFailure("the mail server did not take the message: " + e.getMessage(), e);
        }
    }
}
