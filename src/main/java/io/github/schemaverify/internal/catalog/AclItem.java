package io.github.schemaverify.internal.catalog;

/** Reads the role names of {@code aclitem} text ({@code grantee=privileges/grantor}). */
public final class AclItem {

    private AclItem() {
    }

    /**
     * The role's name in {@code item} from {@code at[0]} ({@code ""} for PUBLIC's empty grantee): as written up to the
     * next {@code =} or {@code /}, or in double quotes with {@code ""} for one; {@code at[0]} is left after it.
     */
    public static String role(String item, int[] at) {
        StringBuilder out = new StringBuilder();
        int i = at[0];
        if (i < item.length() && item.charAt(i) == '"') {
            i++;
            while (i < item.length()) {
                char ch = item.charAt(i++);
                if (ch == '"') {
                    if (i < item.length() && item.charAt(i) == '"') {
                        out.append('"');
                        i++;
                    } else {
                        break;
                    }
                } else {
                    out.append(ch);
                }
            }
        } else {
            while (i < item.length() && item.charAt(i) != '=' && item.charAt(i) != '/') {
                out.append(item.charAt(i++));
            }
        }
        at[0] = i;
        return out.toString();
    }
}
