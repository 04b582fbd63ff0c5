package io.github.schemaverify.schema.diff;

import java.util.ArrayList;
import java.util.List;

import org.apiguardian.api.API;

/**
 * A line diff of two texts (longest common subsequence), shown with a little context: unchanged lines start with two
 * spaces, removed ones with {@code - }, added ones with {@code + }, and a run of unchanged lines far from any change
 * is folded into {@code ...}. Nothing is cut: every changed line is shown whole. Public for SchemaVerify's own failure
 * messages that show an edited file; not API.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class LineDiff {
    private static final int CONTEXT = 2;

    private LineDiff() {
    }

    /** The diff lines from {@code before} to {@code after}. */
    public static List<String> of(String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> all = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                all.add("  " + a.get(i++));
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                all.add("- " + a.get(i++)); // removals first, then what replaces them
            } else {
                all.add("+ " + b.get(j++));
            }
        }
        return fold(all);
    }

    /** Keeps changed lines and up to {@link #CONTEXT} unchanged lines around each; the rest becomes "...". */
    private static List<String> fold(List<String> all) {
        boolean[] keep = new boolean[all.size()];
        for (int k = 0; k < all.size(); k++) {
            if (!all.get(k).startsWith("  ")) {
                for (int c = Math.max(0, k - CONTEXT); c <= Math.min(all.size() - 1, k + CONTEXT); c++) {
                    keep[c] = true;
                }
            }
        }
        List<String> out = new ArrayList<>();
        boolean folded = false;
        for (int k = 0; k < all.size(); k++) {
            if (keep[k]) {
                out.add(all.get(k));
                folded = false;
            } else if (!folded) {
                out.add("  ...");
                folded = true;
            }
        }
        return out;
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : text.replace("\r", "").lines().map(String::stripTrailing).toList();
    }
}
