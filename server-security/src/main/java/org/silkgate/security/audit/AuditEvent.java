package org.silkgate.security.audit;

/**
 * What happened, as a server reports it to the {@link AuditLog}: who did it ({@code actor}: a user name, or what a
 * refused caller claimed to be), what ({@code action}, e.g. {@code participant.create}), to what ({@code subject}),
 * with optional {@code detail} and the client's address when the action came over the network. Texts longer than
 * their column are cut (and marked with "…"), so an oversized claimed user name cannot make an append fail.
 */
public record AuditEvent(String actor, String action, String subject, String detail, String clientAddress) {
    static final int ACTOR_MAX = 200;
    static final int ACTION_MAX = 100;
    static final int SUBJECT_MAX = 1000;
    static final int DETAIL_MAX = 4000;
    static final int ADDRESS_MAX = 100;

    public AuditEvent {
        if (actor == null || actor.isBlank()) throw new IllegalArgumentException("an audit event needs an actor");
        if (action == null || action.isBlank()) throw new IllegalArgumentException("an audit event needs an action");
        actor = cut(actor, ACTOR_MAX);
        action = cut(action, ACTION_MAX);
        subject = cut(subject, SUBJECT_MAX);
        detail = cut(detail, DETAIL_MAX);
        clientAddress = cut(clientAddress, ADDRESS_MAX);
    }

    public static AuditEvent of(String actor, String action, String subject) {
        return new AuditEvent(actor, action, subject, null, null);
    }

    public AuditEvent withDetail(String detail) {
        return new AuditEvent(actor, action, subject, detail, clientAddress);
    }

    public AuditEvent from(String clientAddress) {
        return new AuditEvent(actor, action, subject, detail, clientAddress);
    }

    private static String cut(String text, int max) {
        if (text == null || text.length() <= max) return text;
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) end--;
        return text.substring(0, end) + "…";
    }
}
