package org.silkgate.ap.console;

import java.util.List;
import java.util.Optional;
import org.silkgate.console.ConsoleText;
import org.silkgate.console.Html;
import org.silkgate.security.audit.AuditEntry;
import org.silkgate.security.audit.AuditVerification;

/** The audit log: its newest entries, and on request the verification of the whole hash chain. */
final class AuditView {
    static final int ENTRIES = 100;

    private AuditView() {}

    static String render(ConsoleText text, List<AuditEntry> newestFirst, Optional<AuditVerification> verification) {
        StringBuilder body = new StringBuilder();
        if (verification.isEmpty()) {
            body.append(
                            "<form method=\"get\" action=\"/console/audit\"><input type=\"hidden\" name=\"verify\" value=\"1\">")
                    .append("<button type=\"submit\" id=\"verify-audit\">")
                    .append(Html.escape(text.get("audit.verify")))
                    .append("</button></form>");
        } else if (verification.get() instanceof AuditVerification.Intact intact) {
            body.append("<p class=\"notice\" role=\"status\" id=\"audit-verification\">")
                    .append(Html.escape(text.format("audit.intact", intact.count(), intact.lastHash())))
                    .append("</p>");
        } else if (verification.get() instanceof AuditVerification.Broken broken) {
            body.append("<p class=\"error\" role=\"alert\" id=\"audit-verification\">")
                    .append(Html.escape(text.format("audit.broken", broken.seq(), broken.message())))
                    .append("</p>");
        }
        body.append("<h2>")
                .append(Html.escape(text.format("audit.latest", ENTRIES)))
                .append("</h2><div class=\"scroll\"><table id=\"audit\"><thead><tr>");
        for (String column : List.of(
                "audit.seq",
                "audit.time",
                "audit.actor",
                "audit.action",
                "audit.subject",
                "audit.detail",
                "audit.from")) {
            body.append("<th scope=\"col\">")
                    .append(Html.escape(text.get(column)))
                    .append("</th>");
        }
        body.append("</tr></thead><tbody>");
        for (AuditEntry entry : newestFirst) {
            body.append("<tr><td>")
                    .append(entry.seq())
                    .append("</td><td>")
                    .append(Html.escape(text.dateTime(entry.time())))
                    .append("</td><td>")
                    .append(Html.escape(entry.actor()))
                    .append("</td><td>")
                    .append(Html.escape(entry.action()))
                    .append("</td><td>")
                    .append(Html.escape(entry.subject()))
                    .append("</td><td>")
                    .append(Html.escape(Optional.ofNullable(entry.detail()).orElse("")))
                    .append("</td><td>")
                    .append(Html.escape(
                            Optional.ofNullable(entry.clientAddress()).orElse("")))
                    .append("</td></tr>");
        }
        return body.append("</tbody></table></div>").toString();
    }
}
