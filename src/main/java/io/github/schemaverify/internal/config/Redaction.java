package io.github.schemaverify.internal.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Keeps passwords out of every message, log line and report. */
public final class Redaction {
    /**
     * A {@code password=} value: up to the next {@code &name=} parameter, so that an unencoded {@code &} inside the
     * password (which the driver would split on) does not leave its tail visible.
     */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&]*(?:&(?![A-Za-z][A-Za-z0-9_.-]*=)[^&]*)*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@?]+:)[^@?]*@");

    private Redaction() {
    }

    /** A JDBC URL with any {@code password=} parameter and user-info password replaced by {@code ***}. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        return URL_USERINFO.matcher(URL_PASSWORD.matcher(url).replaceAll("$1***")).replaceAll("$1***@");
    }

    /** The text with every occurrence of the password, as it is or percent-encoded, replaced by {@code ***}. */
    public static String text(String text, String password) {
        if (text == null || password == null || password.isEmpty()) {
            return text;
        }
        String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8);
        return text.replace(password, "***").replace(encoded, "***").replace(encoded.replace("+", "%20"), "***");
    }
}
