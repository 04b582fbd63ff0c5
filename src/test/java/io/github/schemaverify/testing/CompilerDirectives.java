package io.github.schemaverify.testing;

import java.lang.management.ManagementFactory;

import javax.management.ObjectName;

/** This JVM's compiler directives, as {@code jcmd <pid> Compiler.directives_print} lists them. */
public final class CompilerDirectives {
    private CompilerDirectives() {
    }

    /** How many of them keep C2 off every method (what SchemaVerify's compiler window pushes). */
    public static int excludingC2() {
        String printed;
        try {
            printed = String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()}));
        } catch (Exception e) {
            throw new IllegalStateException("this JVM's compiler directives could not be read", e);
        }
        int count = 0;
        for (String directive : printed.split("Directive:")) {
            int c2 = directive.indexOf("c2 directives:");
            if (directive.contains("matching: *.*") && c2 >= 0 && directive.indexOf("Exclude:true", c2) >= 0) {
                count++;
            }
        }
        return count;
    }
}
