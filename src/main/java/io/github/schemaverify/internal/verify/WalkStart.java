package io.github.schemaverify.internal.verify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.schemaverify.VerifyRoundTrip;
import io.github.schemaverify.internal.config.Misuse;
import io.github.schemaverify.internal.config.WalkFrom;
import io.github.schemaverify.internal.migration.MigrationFile;
import io.github.schemaverify.internal.migration.MigrationPlan;
import io.github.schemaverify.internal.migration.MigrationSource;
import io.github.schemaverify.internal.vcs.ChangesSince;

/**
 * Where a round trip starts, decided against the chain before any server starts: the index of the first revision
 * walked (the chain's length when nothing is new since a git ref), how it was chosen, and, for {@code git:<ref>}, what
 * changed since. A version the chain does not have, or a ref git cannot answer for, is a misuse with its own message.
 *
 * @param index   the first revision walked, in {@link #chain(MigrationPlan)}; {@code chain.size()}: none
 * @param label   how it was chosen, for notes: {@code from = "200"}, {@code from = "git:origin/main", merge base 1a2b3c4}
 * @param changes what changed since the git ref, for {@code git:<ref>}
 */
public record WalkStart(int index, String label, Optional<ChangesSince.Changes> changes) {

    /** The whole chain. */
    public static WalkStart all() {
        return new WalkStart(0, "", Optional.empty());
    }

    /** The versioned migrations a round trip walks: all of them, or up to the configured target. */
    public static List<MigrationFile> chain(MigrationPlan plan) {
        return plan.source().versioned().stream()
                .filter(v -> plan.config().targetsLatest() || MigrationFile.compareVersions(v.version(), plan.config().target()) <= 0)
                .toList();
    }

    /**
     * Resolves {@code from} against the chain.
     *
     * @param fixtures  the round trip's fixture location, if any (a changed fixture starts the walk at its revision)
     * @param git       the git program ({@value VerifyRoundTrip#GIT_PROPERTY})
     * @param moduleDir the directory the tests run in, where a {@code classpath:} location's sources are looked for
     */
    public static WalkStart resolve(WalkFrom from, MigrationPlan plan, Optional<String> fixtures, ClassLoader loader, String git,
            Path moduleDir) {
        List<MigrationFile> chain = chain(plan);
        return switch (from.kind()) {
            case ALL -> all();
            case VERSION -> new WalkStart(version(from, chain, plan), from.describe(), Optional.empty());
            case GIT -> changedSince(from, plan, chain, fixtures, loader, git, moduleDir);
        };
    }

    private static int version(WalkFrom from, List<MigrationFile> chain, MigrationPlan plan) {
        if (chain.isEmpty()) {
            throw from.misuse("the version of a migration", ": there is no versioned migration" + (plan.config().targetsLatest()
                    ? "" : " up to the target"), "Leave from unset, or add versioned migrations (V<version>__<name>.sql).");
        }
        for (int i = 0; i < chain.size(); i++) {
            if (MigrationFile.compareVersions(chain.get(i).version(), from.version()) == 0) {
                return i;
            }
        }
        String fix = "Start at a migration of the chain (V" + chain.get(0).version() + " to V" + chain.get(chain.size() - 1)
                .version() + "), or leave from unset to walk all of it.";
        MigrationFile last = chain.get(chain.size() - 1);
        if (MigrationFile.compareVersions(from.version(), last.version()) > 0) {
            throw from.misuse("the version of a migration", ": it comes after V" + last.version() + ", the "
                    + (plan.config().targetsLatest() ? "last migration" : "target"), fix);
        }
        throw from.misuse("the version of a migration", noMigrationHas(from.version(), chain, plan), fix);
    }

    /**
     * Where a version no migration of the chain has falls among them: {@code : no migration has it (it falls between
     * V13.2 and V14)}.
     */
    private static String noMigrationHas(String version, List<MigrationFile> chain, MigrationPlan plan) {
        return noMigrationHas(version, chain, plan.config().targetsLatest() ? "last migration" : "target");
    }

    /** {@link #noMigrationHas(String, List, MigrationPlan)}, {@code last} naming the chain's end ({@code last migration}). */
    private static String noMigrationHas(String version, List<MigrationFile> chain, String last) {
        MigrationFile first = chain.get(0);
        MigrationFile lastOne = chain.get(chain.size() - 1);
        if (MigrationFile.compareVersions(version, first.version()) < 0) {
            return ": no migration has it, and it comes before V" + first.version() + ", the first";
        }
        if (MigrationFile.compareVersions(version, lastOne.version()) > 0) {
            return ": no migration has it, and it comes after V" + lastOne.version() + ", the " + last;
        }
        MigrationFile before = first;
        MigrationFile after = lastOne;
        for (MigrationFile v : chain) {
            if (MigrationFile.compareVersions(v.version(), version) < 0) {
                before = v;
            } else {
                after = v;
                break;
            }
        }
        return ": no migration has it (it falls between V" + before.version() + " and V" + after.version() + ")";
    }

    /**
     * Refuses, before any server starts, an attribute listing versions ({@code irreversible}, {@code known}) where one is
     * not a version ({@code "V9"}) or the version of no versioned migration (beyond a target too: the setting stays
     * right when the target moves): a typo that would otherwise pass in silence, and leave the revision the user meant
     * unmarked.
     *
     * @param where e.g. {@code @VerifyRoundTrip on T#m}
     * @param fix   e.g. {@code Name the version of a migration (irreversible = "9" marks V9__x.sql).}
     */
    public static void requireMigrations(String[] versions, MigrationPlan plan, String where, String attribute, String fix) {
        List<MigrationFile> chain = plan.source().versioned();
        for (String version : versions) {
            String v = version.strip();
            if (!VERSION.matcher(v).matches()) {
                throw Misuse.attribute(where, attribute, "versions of migrations such as \"9\" or \"1.2\"", "\"" + version
                        + "\"", fix);
            }
            if (chain.stream().noneMatch(m -> MigrationFile.compareVersions(m.version(), v) == 0)) {
                throw Misuse.attribute(where, attribute, "versions of migrations", "\"" + version + "\"" + (chain.isEmpty()
                        ? ", and there is no versioned migration" : noMigrationHas(v, chain, "last migration")
                        .replaceFirst("^: no migration has it", ", which no migration has")), fix);
            }
        }
    }

    /** A migration version as Flyway reads one: digits separated by . or _. */
    private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("\\d+(?:[._]\\d+)*");

    private static WalkStart changedSince(WalkFrom from, MigrationPlan plan, List<MigrationFile> chain, Optional<String> fixtures,
            ClassLoader loader, String git, Path moduleDir) {
        List<ChangesSince.Location> locations = new ArrayList<>();
        List<MigrationFile> migrations = plan.source().files();
        for (String location : plan.config().locations()) {
            locations.add(new ChangesSince.Location(location, migrations.stream().filter(f -> inside(f, location)).toList(),
                    false));
        }
        fixtures.ifPresent(f -> locations.add(new ChangesSince.Location(f, MigrationSource.scan(List.of(f), loader, plan.config().placeholderReplacement()).files(),
                true)));
        ChangesSince.Changes changes;
        try {
            changes = ChangesSince.find(git, from.ref(), locations, moduleDir, loader);
        } catch (ChangesSince.Problem p) {
            throw problem(from, p, git);
        }
        int index = chain.size();
        for (int i = 0; i < chain.size() && index == chain.size(); i++) {
            String v = MigrationFile.canonicalVersion(chain.get(i).version());
            if (changes.changedVersions().contains(v)) {
                index = i;
            }
            for (String removed : changes.removedVersions()) {
                if (MigrationFile.compareVersions(chain.get(i).version(), removed) > 0) {
                    index = i; // its predecessor is gone: the state it starts from changed
                }
            }
        }
        return new WalkStart(index, from.describe() + ", merge base " + changes.mergeBase(), Optional.of(changes));
    }

    /** Whether a file was found in this location (its origin starts with the location, as MigrationSource writes it). */
    private static boolean inside(MigrationFile f, String location) {
        String l = location.startsWith("filesystem:") ? location
                : "classpath:" + location.replaceFirst("^classpath:", "").replace('\\', '/').replaceAll("^/+|/+$", "");
        return f.origin().startsWith(l.endsWith("/") ? l : l + "/");
    }

    private static RuntimeException problem(WalkFrom from, ChangesSince.Problem p, String git) {
        String instead = "or start from a version (from = \"7\")";
        return switch (p.kind()) {
            case GIT_MISSING -> from.requirement("needs git to find what changed since " + from.ref() + ", but " + git
                    + " could not be run (" + p.detail() + ")", "Install git (on the PATH), or set " + VerifyRoundTrip.GIT_PROPERTY
                    + " to the git program, " + instead + ".");
            case NO_REPOSITORY -> from.requirement("needs the migrations in a git repository, but " + p.where() + " is not in one ("
                    + p.detail() + ")", "Run the tests in a clone of the repository, " + instead + ".");
            case UNKNOWN_REF -> from.requirement("needs the ref " + from.ref() + ", but the repository " + p.where()
                    + " has no branch, tag or commit of that name" + (p.shallow() ? " (it is a shallow clone)" : ""),
                    "Fetch it first (" + fetch(from.ref()) + "; in GitHub Actions, actions/checkout with fetch-depth: 0), or name"
                    + " a ref the repository has (git branch -a lists its branches).");
            case NO_MERGE_BASE -> from.requirement("needs the history " + from.ref() + " and HEAD share, but git finds no commit"
                    + " they have in common in " + p.where() + (p.shallow() ? " (it is a shallow clone)" : ""), p.shallow()
                    ? "Fetch the whole history (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0)."
                    : "Name a ref whose history HEAD shares (the branch this one was made from), " + instead + ".");
            case NOT_IN_REPOSITORY -> from.requirement("needs the migrations in the git repository, but " + p.where()
                    + " is not in it (" + p.detail() + ")", "Keep the migrations in the repository the tests run in, " + instead
                    + ".");
            case TWO_REPOSITORIES -> from.requirement("needs the migrations and fixtures in one git repository, but " + p.where()
                    + " is not in the same one (" + p.detail() + ")", "Keep them in one repository, " + instead + ".");
        };
    }

    private static String fetch(String ref) {
        int slash = ref.indexOf('/');
        return slash > 0 && ref.startsWith("origin/") ? "git fetch origin " + ref.substring(slash + 1) : "git fetch";
    }
}
