package org.silkgate.console;

import java.util.List;
import java.util.Optional;

/**
 * The frame of every console page: language, title, navigation, the language switch and sign-out, and a skip link so
 * that the keyboard reaches the content first.
 *
 * @param brand what the header and the title name: the server's id
 * @param path the page's own path with its query (its {@code lang} left out), for the language switch to come back to
 * @param csrfToken the session's token for the sign-out form; empty on the sign-in page
 * @param navigation the console's own pages, shown when signed in
 */
public record ConsolePage(
        ConsoleText text, String brand, String path, Optional<String> csrfToken, List<NavLink> navigation) {
    /** The name of the hidden field that carries the CSRF token in every form. */
    public static final String CSRF_FIELD = "csrf";

    /**
     * One link of the navigation.
     *
     * @param id the link's element id, empty for none
     * @param textKey the link's words in the console's bundle
     */
    public record NavLink(String href, String textKey, Optional<String> id) {
        public NavLink(String href, String textKey) {
            this(href, textKey, Optional.empty());
        }
    }

    public ConsolePage withPath(String otherPath) {
        return new ConsolePage(text, brand, otherPath, csrfToken, navigation);
    }

    public String render(String titleKey, String body) {
        StringBuilder page = new StringBuilder(body.length() + 2048);
        page.append("<!DOCTYPE html><html lang=\"")
                .append(text.language())
                .append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>")
                .append(Html.escape(text.get(titleKey) + " · " + brand))
                .append("</title><link rel=\"stylesheet\" href=\"/console/style.css\"></head><body>")
                .append("<a class=\"skip\" href=\"#main\">")
                .append(Html.escape(text.get("nav.skip")))
                .append("</a><header><span class=\"brand\">SilkGate · ")
                .append(Html.escape(brand))
                .append("</span>");
        if (csrfToken.isPresent()) {
            page.append("<nav aria-label=\"")
                    .append(Html.escape(text.get("nav.label")))
                    .append("\">");
            for (NavLink link : navigation) {
                page.append("<a ");
                link.id()
                        .ifPresent(id ->
                                page.append("id=\"").append(Html.escape(id)).append("\" "));
                page.append("href=\"")
                        .append(Html.escape(link.href()))
                        .append("\">")
                        .append(Html.escape(text.get(link.textKey())))
                        .append("</a>");
            }
            page.append("</nav>");
        }
        page.append("<ul class=\"languages\" aria-label=\"")
                .append(Html.escape(text.get("nav.language")))
                .append("\">");
        for (String language : ConsoleText.LANGUAGES) {
            String name = text.in(language).get("language.name");
            page.append("<li><a id=\"lang-")
                    .append(language)
                    .append("\" lang=\"")
                    .append(language)
                    .append("\" href=\"")
                    .append(Html.escape(path + (path.contains("?") ? "&" : "?") + "lang=" + language))
                    .append('"')
                    .append(language.equals(text.language()) ? " aria-current=\"true\"" : "")
                    .append('>')
                    .append(Html.escape(name))
                    .append("</a></li>");
        }
        page.append("</ul>");
        csrfToken.ifPresent(token -> page.append("<form method=\"post\" action=\"/console/signout\" class=\"signout\">")
                .append(csrfField(token))
                .append("<button type=\"submit\" id=\"signout\">")
                .append(Html.escape(text.get("nav.signout")))
                .append("</button></form>"));
        page.append("</header><main id=\"main\"><h1>")
                .append(Html.escape(text.get(titleKey)))
                .append("</h1>")
                .append(body)
                .append("</main></body></html>");
        return page.toString();
    }

    /** The hidden field that carries the session's CSRF token in every form. */
    public static String csrfField(String token) {
        return "<input type=\"hidden\" name=\"" + CSRF_FIELD + "\" value=\"" + Html.escape(token) + "\">";
    }
}
