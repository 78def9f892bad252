package org.fablab.gateway.port;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Mails in memory, oldest first; {@link #failing} makes every later send fail as an unreachable server would. */
public final class RecordingMailer implements Mailer {
    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");

    public record Mail(String to, String subject, String text) {
        /** The one-time token in the mail's link. */
        public String token() {
            Matcher matcher = TOKEN.matcher(text);
            if (!matcher.find()) {
                throw new AssertionError("no link in " + text);
            }
            return matcher.group(1);
        }
    }

    private final List<Mail> mails = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    @Override
    public void send(String to, String subject, String text) {
        if (failing) {
            throw new MailFailure("connection refused", null);
        }
        mails.add(new Mail(to, subject, text));
    }

    public void failing(boolean fail) {
        this.failing = fail;
    }

    public List<Mail> mails() {
        return List.copyOf(mails);
    }

    public Mail last() {
        if (mails.isEmpty()) {
            throw new AssertionError("no mail sent");
        }
        return mails.get(mails.size() - 1);
    }
}
