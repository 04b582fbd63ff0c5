package io.github.schemaverify.internal.db;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Column names that say their values are secrets ({@code password_hash}, {@code encrypted_password}, {@code
 * private_key}, {@code api_token}, {@code totp_secret}, {@code passwordHash}): their values are never printed. Not
 * {@code public_key}, {@code token_count} or {@code password_changed_at}, whose values are no secret.
 */
public final class SecretNames {

    private static final Pattern SECRET = Pattern.compile("(^|_)(password|passwd|pwd|passphrase|secret|token|apikey|api_key"
            + "|secret_key|private_key|credentials?)(_(hash|hashed|digest|enc|encrypted|salt|crypt|ciphertext))?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** PostgreSQL's detail of a key: {@code Key (a, b)=(1, x) already exists.} */
    private static final Pattern KEY = Pattern.compile("(?s)^(Key \\((.+?)\\)=\\()(.*)(\\)[^()]*)$");

    private SecretNames() {
    }

    /** Whether the values of the column {@code name} are secrets. */
    public static boolean column(String name) {
        return SECRET.matcher(CAMEL.matcher(name).replaceAll("$1_$2")).find();
    }

    /** PostgreSQL's detail of an error with the values of a key on a secret column as {@code ********}. */
    public static String maskedKey(String detail) {
        Matcher m = KEY.matcher(detail);
        if (!m.matches()) {
            return detail;
        }
        Matcher names = IDENTIFIER.matcher(m.group(2));
        while (names.find()) {
            if (column(names.group())) {
                return m.group(1) + "********" + m.group(4);
            }
        }
        return detail;
    }
}
